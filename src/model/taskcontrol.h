#pragma once
// Progress and cancellation for long work that may run off the UI thread. The worker calls
// step()/checkCancelled(); the UI polls progress() and calls cancel(). All members are atomic,
// so one TaskControl may be shared between the UI thread and any number of workers.
#include <atomic>
#include <mutex>
#include <QString>

namespace gr {

class TaskControl
{
public:
    TaskControl() = default;
    // A part of `parent`'s task (a top-level control) worth `share` of it: progress set here
    // moves the parent's by that share (parts may report from different threads at once), a
    // stage named here becomes the parent's, and cancelling the parent cancels the part.
    TaskControl(TaskControl *parent, double share) : m_parent(parent), m_share(share) {}
    TaskControl(const TaskControl &) = delete;
    TaskControl &operator=(const TaskControl &) = delete;

    void cancel() { m_cancelled.store(true); }
    bool isCancelled() const
    {
        return m_cancelled.load() || (m_parent != nullptr && m_parent->isCancelled());
    }
    // Throws Cancelled when cancel() was called.
    void checkCancelled() const;

    // Progress as a fraction in [0, 1] of the whole task, with a short description of the stage.
    void setProgress(double fraction, const QString &stage = {});
    double progress() const { return m_progress.load(); }
    QString stage() const;

private:
    void addProgress(double delta);
    void setStage(const QString &stage);

    TaskControl *m_parent = nullptr;
    double m_share = 1.0;
    std::atomic<bool> m_cancelled{false};
    std::atomic<double> m_progress{0.0};
    mutable std::mutex m_stageMutex;
    QString m_stage;
};

} // namespace gr

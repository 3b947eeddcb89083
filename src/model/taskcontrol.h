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
    void cancel() { m_cancelled.store(true); }
    bool isCancelled() const { return m_cancelled.load(); }
    // Throws Cancelled when cancel() was called.
    void checkCancelled() const;

    // Progress as a fraction in [0, 1] of the whole task, with a short description of the stage.
    void setProgress(double fraction, const QString &stage = {});
    double progress() const { return m_progress.load(); }
    QString stage() const;

private:
    std::atomic<bool> m_cancelled{false};
    std::atomic<double> m_progress{0.0};
    mutable std::mutex m_stageMutex;
    QString m_stage;
};

} // namespace gr

#pragma once
// Opens a review (gr::openReview: both runs, the gate, the canary, the diagnosis evidence) on a
// worker thread, so the window stays responsive. The UI polls progress (a TaskControl is polled,
// not signalled, by design) and may cancel; the outcome arrives as exactly one of loaded(),
// failed() or cancelled().
#include "reviewstate.h"

#include <memory>
#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

namespace gr {
class TaskControl;
}

namespace gr::ui {

class ReviewLoader : public QObject
{
    Q_OBJECT
public:
    explicit ReviewLoader(QObject *parent = nullptr);
    ~ReviewLoader() override;

    bool isBusy() const { return m_watcher.isRunning(); }
    // The request to open (policy empty: the built-in default). Ignored while busy.
    void start(const ReviewInputs &inputs);
    void cancel();
    // Overall progress in [0, 1]: reading takes the first 75%, the gate the rest.
    double progress() const;
    QString stage() const;

signals:
    void progressChanged(double fraction, const QString &stage);
    void loaded(const gr::Review &review);
    void failed(const QString &message);
    void cancelled();

private:
    struct Outcome
    {
        Review review;
        QString error;
        bool cancelled = false;
    };
    static Outcome run(ReviewInputs inputs, std::shared_ptr<TaskControl> reading,
                       std::shared_ptr<TaskControl> gate);
    void finish();

    // Not the global pool: Qt's raster painter splits fills across QThreadPool::globalInstance()
    // and waits for them, so occupying that pool for seconds would freeze painting.
    QThreadPool m_pool;
    QFutureWatcher<Outcome> m_watcher;
    std::shared_ptr<TaskControl> m_reading, m_gate;
    QTimer m_poll;
};

} // namespace gr::ui

#include "reviewloader.h"
#include "freedmemory.h"
#include "model/parallel.h"

#include "model/errors.h"
#include "model/taskcontrol.h"
#include "review/openreview.h"

#include <new>
#include <QtConcurrent/QtConcurrentRun>

namespace gr::ui {

namespace {
constexpr double kReadingShare = 0.75;
constexpr int kPollMilliseconds = 50;
} // namespace

ReviewLoader::ReviewLoader(QObject *parent) : QObject(parent)
{
    m_pool.setMaxThreadCount(1);
    m_poll.setInterval(kPollMilliseconds);
    connect(&m_poll, &QTimer::timeout, this, [this] { emit progressChanged(progress(), stage()); });
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &ReviewLoader::finish);
}

ReviewLoader::~ReviewLoader()
{
    cancel();
    m_watcher.waitForFinished();
}

void ReviewLoader::start(const ReviewInputs &inputs)
{
    if (isBusy()) return;
    m_reading = std::make_shared<TaskControl>();
    m_gate = std::make_shared<TaskControl>();
    m_watcher.setFuture(QtConcurrent::run(&m_pool, &ReviewLoader::run, inputs, m_reading, m_gate));
    m_poll.start();
    emit progressChanged(0, tr("Starting"));
}

void ReviewLoader::cancel()
{
    if (m_reading) m_reading->cancel();
    if (m_gate) m_gate->cancel();
}

double ReviewLoader::progress() const
{
    if (!m_reading) return 0;
    return m_reading->progress() * kReadingShare + m_gate->progress() * (1 - kReadingShare);
}

QString ReviewLoader::stage() const
{
    if (!m_reading) return {};
    const QString gate = m_gate->stage();
    return gate.isEmpty() ? m_reading->stage() : gate;
}

ReviewLoader::Outcome ReviewLoader::run(ReviewInputs inputs, std::shared_ptr<TaskControl> reading,
                                        std::shared_ptr<TaskControl> gate)
{
    enterBackgroundWork();
    Outcome outcome;
    try {
        OpenReviewOptions options;
        options.reading = reading.get();
        options.gateControl = gate.get();
        // The verdict first: the analysis and diagnosis follow off the UI thread (AnalysisState)
        // while the engineer reads it.
        outcome.review = openReview(inputs, options);
    } catch (const InputError &e) {
        outcome.error = e.message();
    } catch (const Cancelled &) {
        outcome.cancelled = true;
    } catch (const std::bad_alloc &) {
        outcome.error = tr("Not enough memory to hold both runs. Close other programs or review a "
                           "smaller test set.");
    } catch (const std::exception &e) {
        outcome.error = QString::fromLocal8Bit(e.what());
    }
    return outcome;
}

void ReviewLoader::finish()
{
    m_poll.stop();
    const Outcome outcome = m_watcher.result();
    if (outcome.cancelled)
        emit cancelled();
    else if (!outcome.error.isEmpty())
        emit failed(outcome.error);
    else
        emit loaded(outcome.review);
    releaseFreedMemory(); // the parse buffers, and the previous review once replaced
}

} // namespace gr::ui

// inParallel() and the background worker pool: work runs off Qt's global pool (which the raster
// painter needs), errors cross back, and the window's background priority lowers the worker
// threads — never the main thread, even when it runs a waiting future's work itself.
#include "model/errors.h"
#include "model/parallel.h"

#include <QSemaphore>
#include <QtConcurrent/QtConcurrentRun>
#include <QThread>
#include <QThreadPool>
#include <QtTest>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>
#endif

using namespace gr;

namespace {

// Runs `first` and `second` through inParallel() with `first` certainly on a worker: `second`
// waits until it has started (a first not yet started when `second` ends would be run by the
// waiting thread itself, which is Qt's design and tested below).
template <typename First, typename Second> auto onWorkerAndHere(First first, Second second)
{
    QSemaphore started;
    return inParallel(
        [&] {
            started.release();
            return first();
        },
        [&] {
            started.acquire();
            return second();
        });
}

int niceOfThisThread()
{
#ifdef Q_OS_LINUX
    return ::getpriority(PRIO_PROCESS, id_t(::gettid()));
#else
    return 0;
#endif
}

} // namespace

class TestParallel : public QObject
{
    Q_OBJECT
private slots:
    void firstRunsOnTheWorkerPoolSecondHere()
    {
        const QThread *here = QThread::currentThread();
        const auto [first, second] = onWorkerAndHere(
            [] {
                return std::pair{workerPool()->contains(QThread::currentThread()),
                                 QThreadPool::globalInstance()->contains(QThread::currentThread())};
            },
            [here] { return QThread::currentThread() == here; });
        QVERIFY(first.first);   // on the worker pool...
        QVERIFY(!first.second); // ...not on the global pool Qt's painter uses
        QVERIFY(second);
    }

    void errorsCrossBackFirstOnesFirst()
    {
        try {
            inParallel(
                []() -> int { throw InputError(QStringLiteral("a.csv"), QStringLiteral("first")); },
                []() -> int {
                    throw InputError(QStringLiteral("b.csv"), QStringLiteral("second"));
                });
            QFAIL("no exception");
        } catch (const InputError &e) {
            QVERIFY(e.message().contains(QStringLiteral("first")));
        }
        try {
            inParallel([] { return 1; }, []() -> int { throw Cancelled(); });
            QFAIL("no exception");
        } catch (const Cancelled &) {
        }
    }

    // Without a background level (the CLI), workers keep the main thread's priority.
    void noBackgroundLevelLeavesPrioritiesAlone()
    {
        setBackgroundNice(0);
        const int mainNice = niceOfThisThread();
        const auto [worker, here] =
            onWorkerAndHere([] { return niceOfThisThread(); }, [] { return niceOfThisThread(); });
        QCOMPARE(worker, mainNice);
        QCOMPARE(here, mainNice);
    }

    // The window's level: the worker runs lower, the main thread (running `second`) does not.
    void backgroundLevelLowersWorkersNotTheMainThread()
    {
#ifndef Q_OS_LINUX
        QSKIP("thread priorities are set on Linux only");
#endif
        const int mainNice = niceOfThisThread();
        if (mainNice + 5 > 19) QSKIP("the test runs at the lowest priority already");
        setBackgroundNice(5);
        const auto [worker, here] =
            onWorkerAndHere([] { return niceOfThisThread(); }, [] { return niceOfThisThread(); });
        QCOMPARE(worker, mainNice + 5);
        QCOMPARE(here, mainNice);
        enterBackgroundWork(); // on the main thread: nothing
        QCOMPARE(niceOfThisThread(), mainNice);
        setBackgroundNice(0);
    }

    // A sequence: every worker busy, the main thread waits on queued background work. Qt runs the
    // queued work on the waiting thread; the main thread must come out at its own priority.
    void mainThreadRunningQueuedWorkKeepsItsPriority()
    {
        const int mainNice = niceOfThisThread();
        setBackgroundNice(5);
        QSemaphore started, release;
        QList<QFuture<void>> blockers;
        for (int i = 0; i < workerPool()->maxThreadCount(); ++i)
            blockers << QtConcurrent::run(workerPool(), [&] {
                started.release();
                release.acquire();
            });
        started.acquire(workerPool()->maxThreadCount()); // the pool is full
        const QThread *ranOn = nullptr;
        QFuture<void> queued = QtConcurrent::run(workerPool(), [&] {
            enterBackgroundWork();
            ranOn = QThread::currentThread();
        });
        queued.waitForFinished(); // not started: run here
        QCOMPARE(ranOn, QThread::currentThread());
        QCOMPARE(niceOfThisThread(), mainNice);
        release.release(workerPool()->maxThreadCount());
        for (QFuture<void> &f : blockers)
            f.waitForFinished();
        setBackgroundNice(0);
    }
};

QTEST_GUILESS_MAIN(TestParallel)
#include "test_parallel.moc"

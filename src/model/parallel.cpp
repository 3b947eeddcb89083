#include "parallel.h"

#include <QCoreApplication>
#include <QThread>
#include <QThreadPool>

#include <algorithm>
#include <atomic>
#include <cerrno>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace gr {
namespace {

std::atomic<int> g_backgroundNice{0};

bool onMainThread()
{
    const QCoreApplication *app = QCoreApplication::instance();
    return app && QThread::currentThread() == app->thread();
}

} // namespace

QThreadPool *workerPool()
{
    // Never destroyed: a static pool's destructor would run after main() returns, when a
    // QCoreApplication-owned object may already be gone; the OS reclaims its idle threads.
    static QThreadPool *const pool = [] {
        auto *p = new QThreadPool;
        p->setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
        return p;
    }();
    return pool;
}

void setBackgroundNice(int increment)
{
    g_backgroundNice = std::clamp(increment, 0, 19);
}

void enterBackgroundWork()
{
#ifdef Q_OS_LINUX
    const int increment = g_backgroundNice;
    if (increment == 0 || onMainThread()) return;
    // On Linux, PRIO_PROCESS with a thread id sets that thread's nice value alone.
    const id_t thread = id_t(::gettid());
    errno = 0;
    const int current = ::getpriority(PRIO_PROCESS, thread);
    if (errno != 0) return;
    // Relative to the main thread's level (whose id is the process id), so an app started with
    // `nice` keeps its place among the machine's other programs.
    const int target = std::min(19, ::getpriority(PRIO_PROCESS, id_t(::getpid())) + increment);
    if (current < target) ::setpriority(PRIO_PROCESS, thread, target);
#endif
}

} // namespace gr

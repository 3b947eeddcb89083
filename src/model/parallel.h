#pragma once
// Runs two independent pieces of work at once: `first` on a worker thread, `second` on this one.
// Both always finish before this returns (so lambdas may capture locals by reference), and an
// exception from either — InputError, Cancelled, which are not QExceptions and so cannot cross a
// QFuture on their own — is rethrown here, the first one's first.
#include <QtConcurrent/QtConcurrentRun>

#include <exception>
#include <optional>
#include <utility>

class QThreadPool;

namespace gr {

// The pool that inParallel() and the window's background work run on. Not
// QThreadPool::globalInstance(): Qt's raster painter splits large fills and image scaling across
// the global pool and waits for the pieces, so seconds of our work there would stall painting.
QThreadPool *workerPool();

// How much lower than the UI thread background work runs, as a nice increment (Linux; elsewhere
// nothing). The window sets it so that its UI thread gets a core whenever it has something to
// draw, even while the load and the analysis keep both cores busy; the CLI leaves it at 0, so on
// a busy CI machine its two halves of inParallel() get equal shares.
void setBackgroundNice(int increment);

// Called at the start of each piece of background work: lowers the calling thread's priority to
// the background level. Threads that run background work keep it (an unprivileged process may
// raise a thread's nice value but not lower it again), so only the worker pool and the window's
// own loader threads call this; the main thread is never lowered, even when it runs a waiting
// future's work itself.
void enterBackgroundWork();

template <typename First, typename Second> auto inParallel(First &&first, Second &&second)
{
    using A = decltype(first());
    using B = decltype(second());
    QFuture<std::pair<std::optional<A>, std::exception_ptr>> future =
        QtConcurrent::run(workerPool(), [&first]() {
            try {
                enterBackgroundWork();
                return std::pair<std::optional<A>, std::exception_ptr>{first(), nullptr};
            } catch (...) {
                return std::pair<std::optional<A>, std::exception_ptr>{std::nullopt,
                                                                       std::current_exception()};
            }
        });
    std::optional<B> b;
    std::exception_ptr secondError;
    try {
        b = second();
    } catch (...) {
        secondError = std::current_exception();
    }
    auto [a, firstError] = future.result();
    for (const std::exception_ptr &error : {firstError, secondError})
        if (error) std::rethrow_exception(error);
    return std::pair<A, B>{std::move(*a), std::move(*b)};
}

} // namespace gr

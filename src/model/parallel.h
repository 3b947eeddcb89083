#pragma once
// Runs two independent pieces of work at once: `first` on a pool thread, `second` on this one.
// Both always finish before this returns (so lambdas may capture locals by reference), and an
// exception from either — InputError, Cancelled, which are not QExceptions and so cannot cross a
// QFuture on their own — is rethrown here, the first one's first.
#include <QtConcurrent/QtConcurrentRun>

#include <exception>
#include <optional>
#include <utility>

namespace gr {

template <typename First, typename Second> auto inParallel(First &&first, Second &&second)
{
    using A = decltype(first());
    using B = decltype(second());
    QFuture<std::pair<std::optional<A>, std::exception_ptr>> future = QtConcurrent::run([&first]() {
        try {
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

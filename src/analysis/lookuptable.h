#pragma once
// A fixed-size array for random look-ups over many rows (DeLong's per-row placements): on Linux it
// asks for 2 MB pages (madvise(MADV_HUGEPAGE), honoured when transparent huge pages are set to
// "madvise" or "always"), because with 4 KB pages nearly every look-up into a table of several MB
// also misses the TLB, and a page walk costs about as much as the cache miss itself. Elsewhere,
// or when the kernel declines, it is an ordinary heap array with the same contents.
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace gr {

template <typename T> class LookupTable
{
public:
    LookupTable() = default;
    explicit LookupTable(size_t size, T fill = T()) : m_size(size)
    {
        constexpr size_t kHugePage = size_t(2) << 20;
        const size_t bytes = (size * sizeof(T) + kHugePage - 1) / kHugePage * kHugePage;
        void *memory = std::aligned_alloc(kHugePage, bytes ? bytes : kHugePage);
        if (!memory) throw std::bad_alloc();
#ifdef __linux__
        madvise(memory, bytes, MADV_HUGEPAGE); // advice only: failure leaves 4 KB pages
#endif
        m_data.reset(static_cast<T *>(memory));
        for (size_t i = 0; i < size; ++i)
            new (&m_data[i]) T(fill);
    }
    size_t size() const
    {
        return m_size;
    }
    T &operator[](size_t i)
    {
        return m_data[i];
    }
    const T &operator[](size_t i) const
    {
        return m_data[i];
    }

private:
    struct Free
    {
        void operator()(T *p) const { std::free(p); }
    };
    std::unique_ptr<T[], Free> m_data;
    size_t m_size = 0;
};

} // namespace gr

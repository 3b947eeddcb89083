#pragma once
// Finds the sweep point (distinct-score index) of any score the sweep was built from, in about
// O(1): a table of up to 2^20 equal-width buckets over [lowest, highest score] narrows a binary
// search to the few distinct scores in one bucket. Per-row statistics (DeLong's placements) use it
// to read each row's rank from the sweep instead of sorting the rows again; 4 MB per model.
// A look-up is a chain of dependent cache misses (bucket, then level); callers with many rows look
// up a batch in stages — bucketOf and prefetch for all, then rangeOf, then search — so the misses
// of a batch overlap instead of queueing.
#include "lookuptable.h"
#include "metrics/thresholdsweep.h"

#include <cstdint>
#include <utility>

namespace gr {

class ScoreLevels
{
public:
    explicit ScoreLevels(const ThresholdSweep &sweep);
    // Index i with sweep.thresholdAt(i) == score; the score must be one the sweep saw.
    size_t indexOf(double score) const;

    // The staged look-up: indexOf(s) == search(s, rangeOf(bucketOf(s))).
    size_t bucketOf(double score) const;
    void prefetch(size_t bucket) const
    {
        __builtin_prefetch(&m_firstIndex[bucket]);
        if (bucket > 0) __builtin_prefetch(&m_firstIndex[bucket - 1]);
    }
    // Sweep indices [first, second) whose scores fall in the bucket; one index for most buckets.
    std::pair<size_t, size_t> rangeOf(size_t bucket) const
    {
        return {m_firstIndex[bucket], bucket > 0 ? m_firstIndex[bucket - 1] : m_sweep.size()};
    }
    size_t search(double score, std::pair<size_t, size_t> range) const;
    size_t buckets() const { return m_sweep.isEmpty() ? 0 : m_buckets; }

private:
    const ThresholdSweep &m_sweep;
    size_t m_buckets = 1;
    double m_low = 0, m_scale = 0;
    LookupTable<uint32_t> m_firstIndex; // per bucket: first sweep index with score <= bucket top
};

} // namespace gr

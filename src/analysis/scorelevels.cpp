#include "scorelevels.h"

#include <algorithm>
#include <cassert>

namespace gr {
namespace {
constexpr size_t kMaxBuckets = size_t(1) << 20;
}

ScoreLevels::ScoreLevels(const ThresholdSweep &sweep) : m_sweep(sweep)
{
    if (sweep.isEmpty()) return;
    m_buckets = std::min(kMaxBuckets, sweep.size());
    const double high = sweep.thresholdAt(0);
    m_low = sweep.thresholdAt(sweep.size() - 1);
    m_scale = high > m_low ? double(m_buckets - 1) / (high - m_low) : 0.0;
    // Thresholds descend, so buckets do not increase along the sweep: the indices whose bucket is
    // at most b form a suffix [m_firstIndex[b], size). An empty bucket shares its lower
    // neighbour's.
    m_firstIndex = LookupTable<uint32_t>(m_buckets, uint32_t(sweep.size()));
    for (size_t i = sweep.size(); i-- > 0;)
        m_firstIndex[bucketOf(sweep.thresholdAt(i))] = uint32_t(i);
    for (size_t b = 1; b < m_buckets; ++b)
        if (m_firstIndex[b] == sweep.size()) m_firstIndex[b] = m_firstIndex[b - 1];
}

size_t ScoreLevels::bucketOf(double score) const
{
    const double pos = (score - m_low) * m_scale;
    return pos <= 0 ? 0 : std::min(m_buckets - 1, size_t(pos));
}

size_t ScoreLevels::indexOf(double score) const
{
    return search(score, rangeOf(bucketOf(score)));
}

size_t ScoreLevels::search(double score, std::pair<size_t, size_t> range) const
{
    // The score's bucket b holds indices [m_firstIndex[b], m_firstIndex[b - 1]); a bucket with one
    // index needs no comparison, since the score is one the sweep saw.
    auto [lo, hi] = range;
    while (hi - lo > 1) { // descending: first index whose threshold <= score
        const size_t mid = lo + (hi - lo) / 2;
        if (m_sweep.thresholdAt(mid - 1) > score)
            lo = mid;
        else
            hi = mid;
    }
    assert(lo < m_sweep.size() && m_sweep.thresholdAt(lo) == score);
    return lo;
}

} // namespace gr

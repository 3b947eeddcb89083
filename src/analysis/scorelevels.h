#pragma once
// Finds the sweep point (distinct-score index) of any score the sweep was built from, in about
// O(1): a table of up to 2^20 equal-width buckets over [lowest, highest score] narrows a binary
// search to the few distinct scores in one bucket. Per-row statistics (DeLong's placements) use it
// to read each row's rank from the sweep instead of sorting the rows again; 4 MB per model.
#include "metrics/thresholdsweep.h"

#include <cstdint>
#include <vector>

namespace gr {

class ScoreLevels
{
public:
    explicit ScoreLevels(const ThresholdSweep &sweep);
    // Index i with sweep.thresholdAt(i) == score; the score must be one the sweep saw.
    size_t indexOf(double score) const;

private:
    size_t bucketOf(double score) const;

    const ThresholdSweep &m_sweep;
    size_t m_buckets = 1;
    double m_low = 0, m_scale = 0;
    std::vector<uint32_t> m_firstIndex; // per bucket: first sweep index with score <= bucket top
};

} // namespace gr

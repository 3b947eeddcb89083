#include "scorehistogram.h"
#include "model/taskcontrol.h"

#include <algorithm>
#include <numeric>

namespace gr {

int64_t ScoreHistogram::totalPositives() const
{
    return std::accumulate(positives.begin(), positives.end(), int64_t(0));
}

int64_t ScoreHistogram::totalNegatives() const
{
    return std::accumulate(negatives.begin(), negatives.end(), int64_t(0));
}

ScoreHistogram computeScoreHistogram(const std::vector<uint8_t> &labels,
                                     const std::vector<double> &scores, int bins,
                                     const TaskControl *control)
{
    ScoreHistogram h;
    h.bins = std::max(1, bins);
    h.positives.assign(size_t(h.bins), 0);
    h.negatives.assign(size_t(h.bins), 0);
    const size_t n = std::min(labels.size(), scores.size());
    constexpr size_t kCancelCheckEvery = size_t(1) << 20;
    for (size_t i = 0; i < n; ++i) {
        if (control && i % kCancelCheckEvery == 0) control->checkCancelled();
        const int bin = std::clamp(int(scores[i] * h.bins), 0, h.bins - 1);
        ++(labels[i] ? h.positives : h.negatives)[size_t(bin)];
    }
    return h;
}

} // namespace gr

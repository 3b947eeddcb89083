#pragma once
// Scores of one model binned by class, to see calibration and shift. One O(N) pass, so callers
// compute it once per report off the UI thread.
#include <cstdint>
#include <vector>

namespace gr {

class TaskControl;

struct ScoreHistogram
{
    int bins = 0;                   // equal-width bins over [0, 1]; a score of 1 joins the last bin
    std::vector<int64_t> positives; // per bin, rows with label 1
    std::vector<int64_t> negatives; // per bin, rows with label 0

    double binLow(int bin) const { return double(bin) / bins; }
    double binWidth() const { return 1.0 / bins; }
    int64_t totalPositives() const;
    int64_t totalNegatives() const;
};

// Throws Cancelled when `control` is cancelled. Scores outside [0, 1] are clamped into the end
// bins.
ScoreHistogram computeScoreHistogram(const std::vector<uint8_t> &labels,
                                     const std::vector<double> &scores, int bins = 50,
                                     const TaskControl *control = nullptr);

} // namespace gr

#pragma once
// The two-sample tests behind the canary judge and the prediction checks, written to give the
// same numbers as Debian 12's SciPy 1.10 (tests/data/canary/generate.py stores SciPy's values):
//   mannWhitneyU  == scipy.stats.mannwhitneyu(x, y, alternative='two-sided', method='auto')
//   ks2Sample     == scipy.stats.ks_2samp(x, y) (two-sided, method='auto')
// plus the population stability index on baseline-decile bins.
#include <map>
#include <QString>
#include <vector>

namespace gr {

struct MannWhitneyResult
{
    double u1 = 0;      // U of the first sample (SciPy's statistic)
    double pValue = 1;  // two-sided
    bool exact = false; // exact null distribution (SciPy's 'auto' choice) or normal approximation
    double z = 0;       // the standardised statistic of the approximation (0 when exact)
};

// SciPy's 'auto': exact when either sample has at most 8 values and there are no ties;
// otherwise the normal approximation with tie correction and continuity correction.
// Both samples must be non-empty.
MannWhitneyResult mannWhitneyU(const std::vector<double> &x, const std::vector<double> &y);

struct KolmogorovSmirnovResult
{
    double statistic = 0; // sup |F1 - F2|
    double pValue = 1;    // two-sided
    bool exact = true;    // false above 10,000 values in either sample (see ks2Sample)
};

// Exact p-value (Hodges' lattice-path counts, as SciPy) when both samples have at most 10,000
// values; above that SciPy uses the exact one-sample distribution kstwo(en), en =
// round(n1*n2/(n1+n2)), which Boost 1.74 lacks: we use Kolmogorov's limiting distribution at
// D*sqrt(en) there, which differs from SciPy by O(1/sqrt(en)). Both samples must be non-empty.
KolmogorovSmirnovResult ks2Sample(std::vector<double> x, std::vector<double> y);

// Prediction-score histograms (Prometheus `le` buckets): cumulative counts at each upper bound.
using CumulativeHistogram = std::map<double, double>;

// The KS statistic on a shared bucket grid is the largest CDF gap at the bucket bounds, a lower
// bound of the statistic on the raw scores; its p-value treats the totals as sample sizes.
KolmogorovSmirnovResult ks2SampleHistogram(const CumulativeHistogram &baseline,
                                           const CumulativeHistogram &canary);

// PSI = sum (c_i - b_i) ln(c_i / b_i) over bins with proportions floored at kPsiFloor so an empty
// bin costs a large but finite amount. Raw scores are binned at the baseline's quantiles
// (numpy's linear interpolation), `bins` of them; histograms use their own buckets.
inline constexpr double kPsiFloor = 1e-4;
double populationStabilityIndex(const std::vector<double> &baseline,
                                const std::vector<double> &canary, int bins);
double populationStabilityIndex(const CumulativeHistogram &baseline,
                                const CumulativeHistogram &canary);

double median(std::vector<double> values);

} // namespace gr

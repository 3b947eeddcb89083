#pragma once
// The two-sample tests behind the canary judge and the prediction checks, written to give the
// same numbers as Debian 12's SciPy 1.10 (tests/data/canary/generate.py stores SciPy's values):
//   mannWhitneyU  == scipy.stats.mannwhitneyu(x, y, alternative='two-sided', method='auto')
//   ks2Sample     == scipy.stats.ks_2samp(x, y) (two-sided, method='auto')
// plus the population stability index on baseline-decile bins.
#include <cstdint>
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
    bool exact = true;    // SciPy's exact path, or its asymptotic (kstwo) path
};

// SciPy 1.10's ks_2samp(method='auto'), two-sided: when both samples have at most kKsMaxExact
// values the exact p-value (D rounded to h/lcm(n1,n2); equal sizes: _compute_prob_outside_square,
// otherwise _compute_outer_prob_inside_method, Hodges' lattice paths); above that, or when the
// exact recursion leaves [0, 1], kstwo.sf(D, round(n1*n2/(n1+n2))), the exact distribution of
// the one-sample statistic (kolmogorovdistribution.h), not Kolmogorov's limit. Both samples
// must be non-empty. O((n1+n2) log(n1+n2)) for D; the p-value costs at most O(n1*n2/gcd) exact.
inline constexpr int64_t kKsMaxExact = 10000; // SciPy's MAX_AUTO_N
KolmogorovSmirnovResult ks2Sample(std::vector<double> x, std::vector<double> y);
// The p-value part alone, for a statistic d of samples of n1 and n2 values.
KolmogorovSmirnovResult ks2SamplePValue(double d, int64_t n1, int64_t n2);

// Prediction-score histograms (Prometheus `le` buckets): cumulative counts at each upper bound.
using CumulativeHistogram = std::map<double, double>;

// The KS statistic on a shared bucket grid is the largest CDF gap at the bucket bounds, a lower
// bound of the statistic on the raw scores; its p-value treats the totals as sample sizes.
KolmogorovSmirnovResult ks2SampleHistogram(const CumulativeHistogram &baseline,
                                           const CumulativeHistogram &canary);

// PSI = sum (c_i - b_i) ln(c_i / b_i) over bins with proportions floored at kPsiFloor so an empty
// bin costs a large but finite amount. Raw scores are binned at the baseline's `bins`-quantiles,
// but a bin edge never lies on a score the baseline holds, so tied scores are never split and the
// result does not depend on a [a,b) or (a,b] convention: each edge sits halfway between the two
// distinct baseline scores closest to the quantile (the cut after sorted position i nearest to
// k*n/bins among the positions where the value changes; equally near: the lower). Quantiles
// that fall in the same tie share one edge, so there may be fewer bins. A baseline with a single
// distinct value v gets the three bins < v, = v, > v. A canary score equal to an edge (possible
// only between baseline scores) counts in the upper bin. Histograms use their own buckets.
inline constexpr double kPsiFloor = 1e-4;
std::vector<double> psiBinEdges(std::vector<double> baseline, int bins); // ascending
double populationStabilityIndex(const std::vector<double> &baseline,
                                const std::vector<double> &canary, int bins);
double populationStabilityIndex(const CumulativeHistogram &baseline,
                                const CumulativeHistogram &canary);

double median(std::vector<double> values);

} // namespace gr

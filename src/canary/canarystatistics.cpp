#include "canarystatistics.h"
#include "kolmogorovdistribution.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace gr {
namespace {

// P[Z > z] for a standard normal Z, accurate in the far tail (unlike 1 - cdf).
double normalSurvival(double z)
{
    return 0.5 * std::erfc(z / std::sqrt(2.0));
}

// Coefficients of the Gaussian binomial [m+n choose m]_q: entry k counts the orderings of m x's
// and n y's in which exactly k (x, y) pairs have the x above the y, i.e. the exact null
// distribution of U. Built as prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i); long double keeps the
// integer counts exact far beyond the sizes SciPy treats exactly.
std::vector<long double> mannWhitneyCounts(int m, int n)
{
    const int top = m * n;
    std::vector<long double> c(size_t(top) + 1, 0.0L);
    c[0] = 1;
    for (int i = 1; i <= m; ++i) {
        for (int k = top; k >= n + i; --k)
            c[size_t(k)] -= c[size_t(k - n - i)];
        for (int k = i; k <= top; ++k)
            c[size_t(k)] += c[size_t(k - i)];
    }
    return c;
}

long double binomial(int n, int k)
{
    long double r = 1;
    for (int i = 1; i <= k; ++i)
        r = r * (n - k + i) / i;
    return r;
}

// Proportion of lattice paths outside |x - y| < h for two samples of equal size n: SciPy's
// _compute_prob_outside_square (a Horner-like alternating sum, free of cancellation).
double probOutsideSquare(int64_t n, int64_t h)
{
    double p = 0;
    for (int64_t k = n / h; k >= 0; --k) {
        double p1 = 1;
        for (int64_t j = 0; j < h; ++j)
            p1 = double(n - k * h - j) * p1 / double(n + k * h + j + 1);
        p = p1 * (1.0 - p);
    }
    return 2 * p;
}

// 1 - the proportion of lattice paths from (0,0) to (m,n) staying strictly inside
// |x/m - y/n| < h/lcm(m,n): SciPy's _compute_outer_prob_inside_method (Viehmann's recursion for
// 1 - p, one sliding column at a time).
double outerProbInside(int64_t m, int64_t n, int64_t g, int64_t h)
{
    if (m < n) std::swap(m, n);
    const int64_t mg = m / g, ng = n / g;
    int64_t minj = 0;
    int64_t maxj = std::min(int64_t(std::ceil(double(h) / double(mg))), n + 1);
    int64_t curlen = maxj - minj;
    const int64_t lenA = std::min(2 * maxj + 2, n + 1);
    std::vector<double> a(size_t(lenA), 1.0);
    std::fill(a.begin() + minj, a.begin() + std::min(maxj, lenA), 0.0);
    for (int64_t i = 1; i <= m; ++i) {
        const int64_t lastminj = minj, lastlen = curlen;
        minj = std::max(int64_t(std::floor(double(ng * i - h) / double(mg))) + 1, int64_t(0));
        minj = std::min(minj, n);
        maxj = std::min(int64_t(std::ceil(double(ng * i + h) / double(mg))), n + 1);
        if (maxj <= minj) return 1.0;
        double val = minj == 0 ? 0.0 : 1.0;
        for (int64_t jj = 0; jj < maxj - minj; ++jj) {
            const int64_t j = jj + minj;
            val = (a[size_t(jj + minj - lastminj)] * double(i) + val * double(j)) / double(i + j);
            a[size_t(jj)] = val;
        }
        curlen = maxj - minj;
        if (lastlen > curlen)
            std::fill(a.begin() + (maxj - minj),
                      a.begin() + std::min(maxj - minj + (lastlen - curlen), lenA), 1.0);
    }
    return a[size_t(maxj - minj - 1)];
}

} // namespace

KolmogorovSmirnovResult ks2SamplePValue(double d, int64_t n1, int64_t n2)
{
    KolmogorovSmirnovResult r;
    r.statistic = d;
    if (std::max(n1, n2) <= kKsMaxExact) {
        const int64_t g = std::gcd(n1, n2);
        const int64_t lcm = (n1 / g) * n2;
        // numpy rounds half to even, as nearbyint does in the default rounding mode.
        const int64_t h = int64_t(std::nearbyint(d * double(lcm)));
        r.statistic = double(h) / double(lcm);
        if (h == 0) {
            r.pValue = 1;
            return r;
        }
        const double p = n1 == n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
        if (std::isfinite(p) && p >= 0 && p <= 1) {
            r.pValue = p;
            return r;
        }
        // SciPy falls back to the asymptotic path with the rounded statistic, as here.
    }
    r.exact = false;
    const double m = double(std::max(n1, n2)), n = double(std::min(n1, n2));
    const double en = std::nearbyint(m * n / (m + n)); // np.round: half to even
    r.pValue = kolmogorovSmirnovSurvival(int64_t(en), r.statistic);
    return r;
}

double median(std::vector<double> values)
{
    if (values.empty()) return std::nan("");
    const size_t mid = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + long(mid), values.end());
    const double upper = values[mid];
    if (values.size() % 2) return upper;
    return (*std::max_element(values.begin(), values.begin() + long(mid)) + upper) / 2;
}

MannWhitneyResult mannWhitneyU(const std::vector<double> &x, const std::vector<double> &y)
{
    const size_t n1 = x.size(), n2 = y.size(), n = n1 + n2;
    // Average ranks of the pooled sample (scipy.stats.rankdata's 'average').
    std::vector<std::pair<double, bool>> pooled; // value, belongs to x
    pooled.reserve(n);
    for (double v : x)
        pooled.emplace_back(v, true);
    for (double v : y)
        pooled.emplace_back(v, false);
    std::sort(pooled.begin(), pooled.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    double rankSumX = 0, tieTerm = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && pooled[j].first == pooled[i].first)
            ++j;
        const double t = double(j - i);
        const double rank = (double(i + 1) + double(j)) / 2;
        for (size_t k = i; k < j; ++k)
            if (pooled[k].second) rankSumX += rank;
        tieTerm += t * t * t - t;
        i = j;
    }
    MannWhitneyResult r;
    r.u1 = rankSumX - double(n1) * double(n1 + 1) / 2;
    const double u2 = double(n1) * double(n2) - r.u1;
    const double u = std::max(r.u1, u2);

    r.exact = (n1 <= 8 || n2 <= 8) && tieTerm == 0;
    if (r.exact) {
        const int m = int(std::min(n1, n2)), k = int(std::max(n1, n2));
        const std::vector<long double> counts = mannWhitneyCounts(m, k);
        const long double total = binomial(m + k, m);
        long double tail = 0;
        for (int i = 0; i <= m * k - int(u); ++i)
            tail += counts[size_t(i)] / total;
        r.pValue = std::clamp(double(2 * tail), 0.0, 1.0);
        return r;
    }
    const double mu = double(n1) * double(n2) / 2;
    const double s = std::sqrt(double(n1) * double(n2) / 12 *
                               (double(n + 1) - tieTerm / (double(n) * double(n - 1))));
    if (!(s > 0)) { // every value equal: no evidence of a difference
        r.pValue = 1;
        return r;
    }
    r.z = (u - mu - 0.5) / s; // continuity correction: the survival function includes U itself
    r.pValue = std::clamp(2 * normalSurvival(r.z), 0.0, 1.0);
    return r;
}

KolmogorovSmirnovResult ks2Sample(std::vector<double> x, std::vector<double> y)
{
    std::sort(x.begin(), x.end());
    std::sort(y.begin(), y.end());
    const double n1 = double(x.size()), n2 = double(y.size());
    // The ECDF gap is evaluated at every observed value, right-continuous (searchsorted 'right').
    double d = 0;
    auto gapAt = [&](double v) {
        const double f1 = double(std::upper_bound(x.begin(), x.end(), v) - x.begin()) / n1;
        const double f2 = double(std::upper_bound(y.begin(), y.end(), v) - y.begin()) / n2;
        d = std::max(d, std::abs(f1 - f2));
    };
    for (double v : x)
        gapAt(v);
    for (double v : y)
        gapAt(v);
    return ks2SamplePValue(d, int64_t(x.size()), int64_t(y.size()));
}

namespace {

// Cumulative count at `bound` of a histogram that may lack that bound: the step function's value.
double cumulativeAt(const CumulativeHistogram &h, double bound)
{
    auto it = h.upper_bound(bound);
    return it == h.begin() ? 0.0 : std::prev(it)->second;
}

std::vector<double> unionBounds(const CumulativeHistogram &a, const CumulativeHistogram &b)
{
    std::vector<double> bounds;
    for (const auto &[le, count] : a)
        bounds.push_back(le);
    for (const auto &[le, count] : b)
        bounds.push_back(le);
    std::sort(bounds.begin(), bounds.end());
    bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
    return bounds;
}

double psiTerm(double baselineShare, double canaryShare)
{
    const double b = std::max(baselineShare, kPsiFloor), c = std::max(canaryShare, kPsiFloor);
    return (c - b) * std::log(c / b);
}

} // namespace

KolmogorovSmirnovResult ks2SampleHistogram(const CumulativeHistogram &baseline,
                                           const CumulativeHistogram &canary)
{
    const double n1 = baseline.empty() ? 0 : baseline.rbegin()->second;
    const double n2 = canary.empty() ? 0 : canary.rbegin()->second;
    double d = 0;
    for (double le : unionBounds(baseline, canary))
        d = std::max(d, std::abs(cumulativeAt(baseline, le) / n1 - cumulativeAt(canary, le) / n2));
    return ks2SamplePValue(d, int64_t(std::llround(n1)), int64_t(std::llround(n2)));
}

std::vector<double> psiBinEdges(std::vector<double> baseline, int bins)
{
    std::sort(baseline.begin(), baseline.end());
    const int64_t n = int64_t(baseline.size());
    std::vector<int64_t> changes; // sorted positions i where baseline[i-1] < baseline[i]
    for (int64_t i = 1; i < n; ++i)
        if (baseline[size_t(i - 1)] < baseline[size_t(i)]) changes.push_back(i);
    std::vector<double> edges;
    if (changes.empty()) {
        if (n == 0) return edges;
        const double v = baseline.front();
        return {v, std::nextafter(v, INFINITY)}; // < v, = v, > v
    }
    std::vector<int64_t> cuts;
    for (int64_t k = 1; k < bins; ++k) {
        // The change nearest to k*n/bins, compared exactly as |i*bins - k*n|.
        const int64_t target = k * n;
        auto it = std::lower_bound(changes.begin(), changes.end(), target,
                                   [bins](int64_t i, int64_t t) { return i * bins < t; });
        int64_t best = it == changes.end() ? changes.back() : *it;
        if (it != changes.begin()) {
            const int64_t below = *std::prev(it);
            if (std::abs(below * bins - target) <= std::abs(best * bins - target)) best = below;
        }
        if (cuts.empty() || cuts.back() != best) cuts.push_back(best);
    }
    for (int64_t i : cuts) {
        const double lo = baseline[size_t(i - 1)], hi = baseline[size_t(i)];
        edges.push_back(lo + (hi - lo) / 2);
    }
    return edges;
}

double populationStabilityIndex(const std::vector<double> &baseline,
                                const std::vector<double> &canary, int bins)
{
    const std::vector<double> edges = psiBinEdges(baseline, bins);
    auto shares = [&](const std::vector<double> &values) {
        std::vector<double> counts(edges.size() + 1, 0.0);
        for (double v : values)
            counts[size_t(std::upper_bound(edges.begin(), edges.end(), v) - edges.begin())] += 1;
        for (double &c : counts)
            c /= double(values.size());
        return counts;
    };
    const std::vector<double> b = shares(baseline), c = shares(canary);
    double psi = 0;
    for (size_t i = 0; i < b.size(); ++i)
        psi += psiTerm(b[i], c[i]);
    return psi;
}

double populationStabilityIndex(const CumulativeHistogram &baseline,
                                const CumulativeHistogram &canary)
{
    const double n1 = baseline.empty() ? 0 : baseline.rbegin()->second;
    const double n2 = canary.empty() ? 0 : canary.rbegin()->second;
    double psi = 0, previousB = 0, previousC = 0;
    for (double le : unionBounds(baseline, canary)) {
        const double b = cumulativeAt(baseline, le), c = cumulativeAt(canary, le);
        psi += psiTerm((b - previousB) / n1, (c - previousC) / n2);
        previousB = b;
        previousC = c;
    }
    return psi;
}

} // namespace gr

#include "pairedcomparison.h"
#include "model/taskcontrol.h"

#include <boost/math/distributions/binomial.hpp>
#include <boost/random/binomial_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace gr {
namespace {

__extension__ typedef __int128 Int128;

// One magnitude of non-zero row difference: `rows` rows whose ΔNB is +micros or -micros.
struct FlipGroup
{
    Int128 micros = 0;
    int64_t rows = 0;
};

// The probabilities of Binomial(rows, 1/2) within 20 sqrt(rows) of its mean; Hoeffding bounds
// the mass outside by 2 exp(-800), which is below the smallest double.
struct BinomialWindow
{
    int64_t lo = 0, hi = 0;
    std::vector<double> pdf;  // pdf[x - lo]
    std::vector<double> tail; // tail[x - lo] = P(X >= x), x in [lo, hi]
    double omitted = 0;

    explicit BinomialWindow(int64_t rows)
    {
        const boost::math::binomial_distribution<double> dist(double(rows), 0.5);
        const int64_t window = int64_t(std::ceil(20.0 * std::sqrt(double(rows)))) + 1;
        lo = std::max<int64_t>(0, rows / 2 - window);
        hi = std::min<int64_t>(rows, rows / 2 + window);
        if (lo > 0 || hi < rows)
            omitted = 2.0 * std::exp(-2.0 * double(window) * double(window) / double(rows));
        pdf.resize(size_t(hi - lo + 1));
        tail.resize(pdf.size());
        for (int64_t x = lo; x <= hi; ++x)
            pdf[size_t(x - lo)] = boost::math::pdf(dist, double(x));
        double sum = 0;
        for (int64_t x = hi; x >= lo; --x)
            tail[size_t(x - lo)] = sum += pdf[size_t(x - lo)];
    }

    double atLeast(Int128 x) const // P(X >= x), exact to the omitted mass
    {
        if (x <= lo) return 1.0;
        if (x > hi) return 0.0;
        return std::min(1.0, tail[size_t(x - lo)]);
    }
};

// P(sum_k micros_k * (2 X_k - rows_k) >= observed), X_k ~ Binomial(rows_k, 1/2) independent:
// sums over the windows of all groups but the last, whose tail is looked up.
double flipTail(const std::vector<FlipGroup> &groups, const std::vector<BinomialWindow> &windows,
                size_t k, Int128 partial, Int128 needed)
{
    const FlipGroup &g = groups[k];
    const BinomialWindow &w = windows[k];
    if (k + 1 == groups.size()) {
        // Need 2 micros x >= needed - partial, i.e. x >= ceil((needed - partial) / (2 micros)).
        const Int128 rest = needed - partial, step = 2 * g.micros;
        const Int128 xMin = rest <= 0 ? -((-rest) / step) : (rest + step - 1) / step;
        return w.atLeast(xMin);
    }
    double p = 0;
    for (int64_t x = w.lo; x <= w.hi; ++x)
        p += w.pdf[size_t(x - w.lo)] *
             flipTail(groups, windows, k + 1, partial + 2 * g.micros * x, needed);
    return p;
}

double percentileWeight(double q, size_t count, size_t *lo, size_t *hi)
{
    // numpy.percentile's default (linear) interpolation.
    const double pos = q * double(count - 1);
    *lo = size_t(std::floor(pos));
    *hi = std::min(*lo + 1, count - 1);
    return pos - double(*lo);
}

Money percentile(const std::vector<int64_t> &sorted, double q)
{
    size_t lo = 0, hi = 0;
    const double w = percentileWeight(q, sorted.size(), &lo, &hi);
    const int64_t a = sorted[lo], b = sorted[hi];
    // b - a >= 0 and the rounded step lies in [0, b - a]: the endpoint stays between a and b.
    const long double step = std::round((long double)(Int128(b) - a) * (long double)w);
    return Money::fromMicros(int64_t(Int128(a) + Int128(step)));
}

} // namespace

double mcnemarExactPValue(int64_t b, int64_t c)
{
    const int64_t n = b + c;
    if (n == 0) return 1.0;
    const boost::math::binomial_distribution<double> dist(double(n), 0.5);
    return std::min(1.0, 2.0 * boost::math::cdf(dist, double(std::min(b, c))));
}

std::array<std::array<int64_t, 4>, 4> pairedTransitions(const PredictionSet &champion,
                                                        double championThreshold,
                                                        const PredictionSet &candidate,
                                                        double candidateThreshold,
                                                        const TestSetCheck &pairing)
{
    std::array<std::array<int64_t, 4>, 4> t{};
    const auto &y = champion.labels;
    const auto &s1 = champion.scores;
    const auto &s2 = candidate.scores;
    if (pairing.candidateRowFor.empty()) {
        for (size_t i = 0; i < y.size(); ++i)
            ++t[size_t(cellOf(y[i], s1[i] >= championThreshold))]
               [size_t(cellOf(y[i], s2[i] >= candidateThreshold))];
    } else {
        for (size_t i = 0; i < y.size(); ++i) {
            const size_t j = pairing.candidateRowFor[i];
            ++t[size_t(cellOf(y[i], s1[i] >= championThreshold))]
               [size_t(cellOf(y[i], s2[j] >= candidateThreshold))];
        }
    }
    return t;
}

// Why no Monte Carlo is needed: a row's ΔNB is value(candidate cell) - value(champion cell), and
// flipping its sign swaps the two cells, so rows group by the unordered cell pair. Both runs
// share the labels, so the pairs are {TP, FN} and {FP, TN}: at most two magnitudes, and the
// sign-flip distribution is that of a weighted sum of two binomials, summed exactly.
SignFlipTest signFlipTest(const std::array<std::array<int64_t, 4>, 4> &transitions,
                          const CellValues &values)
{
    SignFlipTest test;
    std::vector<FlipGroup> groups;
    Int128 observed = 0, total = 0;
    for (size_t a = 0; a < 4; ++a)
        for (size_t b = a + 1; b < 4; ++b) {
            const Int128 d = Int128(values.of(Cell(b)).micros()) - values.of(Cell(a)).micros();
            const int64_t forward = transitions[a][b], backward = transitions[b][a];
            if (d == 0 || forward + backward == 0) continue;
            observed += d * forward - d * backward;
            const Int128 m = d < 0 ? -d : d;
            test.nonZeroRows += forward + backward;
            total += m * (forward + backward);
            auto same = std::find_if(groups.begin(), groups.end(),
                                     [m](const FlipGroup &g) { return g.micros == m; });
            if (same != groups.end())
                same->rows += forward + backward;
            else
                groups.push_back({m, forward + backward});
        }
    if (groups.empty()) return test; // nothing can move: p = 1
    // Iterate over the group with fewer rows, take the exact tail of the other.
    std::sort(groups.begin(), groups.end(),
              [](const FlipGroup &x, const FlipGroup &y) { return x.rows < y.rows; });
    // sum micros (2X - n) >= observed  <=>  sum 2 micros X >= observed + sum micros n.
    std::vector<BinomialWindow> windows;
    for (const FlipGroup &g : groups) {
        windows.emplace_back(g.rows);
        test.omittedMass += windows.back().omitted;
    }
    test.pValue = std::min(1.0, flipTail(groups, windows, 0, 0, observed + total));
    return test;
}

BootstrapInterval bootstrapNetBenefitDelta(const std::array<std::array<int64_t, 4>, 4> &transitions,
                                           const CellValues &values,
                                           const BootstrapSettings &settings,
                                           const TaskControl *control)
{
    std::array<Money, 16> delta{};
    std::array<int64_t, 16> count{};
    int64_t n = 0;
    Money largest;
    for (size_t a = 0; a < 4; ++a)
        for (size_t b = 0; b < 4; ++b) {
            delta[a * 4 + b] = values.of(Cell(b)) - values.of(Cell(a));
            count[a * 4 + b] = transitions[a][b];
            n += transitions[a][b];
            if (transitions[a][b] > 0) largest = std::max(largest, delta[a * 4 + b].abs());
        }
    BootstrapInterval out;
    out.resamples = settings.resamples;
    if (settings.resamples <= 0 || n == 0) return out;
    (void)largest.times(n); // every resample lies within n x the largest |ΔNB|: throws if too wide

    boost::random::mt19937_64 rng(settings.seed);
    std::vector<int64_t> draws(size_t(settings.resamples));
    for (int r = 0; r < settings.resamples; ++r) {
        if (control && (r & 255) == 0) control->checkCancelled();
        // Conditional binomials: category k gets Binomial(remaining, p_k / p_remaining).
        int64_t remaining = n, remainingWeight = n;
        Int128 total = 0;
        for (size_t k = 0; k < 16 && remaining > 0; ++k) {
            if (count[k] == 0) continue;
            int64_t drawn = remaining;
            if (count[k] < remainingWeight) {
                boost::random::binomial_distribution<int64_t, double> binom(
                    remaining, double(count[k]) / double(remainingWeight));
                drawn = binom(rng);
            }
            total += Int128(drawn) * delta[k].micros();
            remaining -= drawn;
            remainingWeight -= count[k];
        }
        draws[size_t(r)] = int64_t(total);
    }
    MoneySum sum;
    int64_t atOrBelowZero = 0;
    for (int64_t d : draws) {
        sum.add(Money::fromMicros(d));
        atOrBelowZero += d <= 0;
    }
    out.mean = sum.dividedBy(int64_t(draws.size()));
    const long double mean = (long double)out.mean.micros();
    long double sq = 0;
    for (int64_t d : draws)
        sq += ((long double)d - mean) * ((long double)d - mean);
    out.stddev =
        double(std::sqrt(sq / (long double)draws.size()) / (long double)Money::kMicrosPerUnit);
    out.fractionAtOrBelowZero = double(atOrBelowZero) / double(draws.size());
    std::sort(draws.begin(), draws.end());
    const double alpha = (1.0 - settings.level) / 2.0;
    out.low = percentile(draws, alpha);
    out.high = percentile(draws, 1.0 - alpha);
    return out;
}

PairedComparison comparePaired(const std::array<std::array<int64_t, 4>, 4> &transitions,
                               const CellValues &values, const BootstrapSettings &settings,
                               const TaskControl *control)
{
    PairedComparison p;
    p.transitions = transitions;
    std::array<int64_t, 4> champion{}, candidate{};
    for (size_t a = 0; a < 4; ++a)
        for (size_t b = 0; b < 4; ++b) {
            const int64_t n = transitions[a][b];
            champion[a] += n;
            candidate[b] += n;
            // A row is classified correctly in TP and TN.
            const bool championRight = a == size_t(Cell::TP) || a == size_t(Cell::TN);
            const bool candidateRight = b == size_t(Cell::TP) || b == size_t(Cell::TN);
            if (championRight && candidateRight)
                p.bothCorrect += n;
            else if (championRight)
                p.championOnlyCorrect += n;
            else if (candidateRight)
                p.candidateOnlyCorrect += n;
            else
                p.bothWrong += n;
        }
    MoneySum delta;
    for (size_t k = 0; k < 4; ++k) {
        p.countDeltaByCell[k] = candidate[k] - champion[k];
        p.deltaByCell[k] = values.of(Cell(k)).times(p.countDeltaByCell[k]);
        delta.add(p.deltaByCell[k]);
    }
    p.netBenefitDelta = delta.total();
    p.mcnemar = {p.championOnlyCorrect, p.candidateOnlyCorrect,
                 mcnemarExactPValue(p.championOnlyCorrect, p.candidateOnlyCorrect)};
    p.signFlip = signFlipTest(transitions, values);
    p.bootstrap = bootstrapNetBenefitDelta(transitions, values, settings, control);
    return p;
}

QString formatPValue(double p)
{
    if (p <= 0) return QStringLiteral("< 1e-300");
    return QString::number(p, 'g', 4);
}

} // namespace gr

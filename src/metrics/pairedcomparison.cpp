#include "pairedcomparison.h"
#include "model/taskcontrol.h"

#include <boost/math/distributions/binomial.hpp>

#include <algorithm>
#include <cmath>
#include <random>

namespace gr {

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

static double percentile(const std::vector<double> &sorted, double q)
{
    // numpy.percentile's default (linear) interpolation.
    const double pos = q * double(sorted.size() - 1);
    const size_t lo = size_t(std::floor(pos));
    const size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - double(lo));
}

BootstrapInterval bootstrapNetBenefitDelta(const std::array<std::array<int64_t, 4>, 4> &transitions,
                                           const CellValues &values,
                                           const BootstrapSettings &settings,
                                           const TaskControl *control)
{
    std::array<double, 16> delta{};
    std::array<int64_t, 16> count{};
    int64_t n = 0;
    for (size_t a = 0; a < 4; ++a)
        for (size_t b = 0; b < 4; ++b) {
            delta[a * 4 + b] = values.of(Cell(b)) - values.of(Cell(a));
            count[a * 4 + b] = transitions[a][b];
            n += transitions[a][b];
        }
    BootstrapInterval out;
    out.resamples = settings.resamples;
    if (settings.resamples <= 0 || n == 0) return out;

    std::mt19937_64 rng(settings.seed);
    std::vector<double> draws(size_t(settings.resamples));
    for (int r = 0; r < settings.resamples; ++r) {
        if (control && (r & 255) == 0) control->checkCancelled();
        // Conditional binomials: category k gets Binomial(remaining, p_k / p_remaining).
        int64_t remaining = n, remainingWeight = n;
        double total = 0;
        for (size_t k = 0; k < 16 && remaining > 0; ++k) {
            if (count[k] == 0) continue;
            int64_t drawn = remaining;
            if (count[k] < remainingWeight) {
                std::binomial_distribution<int64_t> binom(remaining, double(count[k]) /
                                                                         double(remainingWeight));
                drawn = binom(rng);
            }
            total += double(drawn) * delta[k];
            remaining -= drawn;
            remainingWeight -= count[k];
        }
        draws[size_t(r)] = total;
    }
    double sum = 0;
    int64_t atOrBelowZero = 0;
    for (double d : draws) {
        sum += d;
        atOrBelowZero += d <= 0;
    }
    out.mean = sum / double(draws.size());
    double sq = 0;
    for (double d : draws)
        sq += (d - out.mean) * (d - out.mean);
    out.stddev = std::sqrt(sq / double(draws.size()));
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
    for (size_t k = 0; k < 4; ++k) {
        p.countDeltaByCell[k] = candidate[k] - champion[k];
        p.deltaByCell[k] = double(p.countDeltaByCell[k]) * values.of(Cell(k));
        p.netBenefitDelta += p.deltaByCell[k];
    }
    p.mcnemar = {p.championOnlyCorrect, p.candidateOnlyCorrect,
                 mcnemarExactPValue(p.championOnlyCorrect, p.candidateOnlyCorrect)};
    p.bootstrap = bootstrapNetBenefitDelta(transitions, values, settings, control);
    return p;
}

QString formatPValue(double p)
{
    if (p <= 0) return QStringLiteral("< 1e-300");
    return QString::number(p, 'g', 4);
}

} // namespace gr

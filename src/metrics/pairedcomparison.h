#pragma once
#include <QString>
// Paired comparison of two models on the same rows: where each row moved between confusion
// cells, the change in net benefit and how much of it each cell explains (all exact money),
// McNemar's exact test, an exact paired sign-flip test of the net-benefit difference and a
// paired bootstrap interval of it.
#include "confusion.h"
#include "testsetcheck.h"

#include <array>
#include <cstdint>
#include <QString>

namespace gr {

class TaskControl;

struct BootstrapSettings
{
    int resamples = 10000;
    uint64_t seed = 42;
    double level = 0.95;
};

// Percentile interval of the resampled ΔNB. Every resample is an exact amount; an endpoint
// interpolated between two resamples (numpy's linear rule) is rounded to the nearest
// micro-unit and always lies between them, so identical resamples give exactly that amount.
struct BootstrapInterval
{
    Money low, high, mean; // mean rounded to the nearest micro-unit
    double stddev = 0;
    double fractionAtOrBelowZero = 0;
    int resamples = 0;
    // Zero width (every resample alike, e.g. one row): no evidence of a difference.
    bool isDegenerate() const { return low == high; }
};

struct McNemarTest
{
    int64_t b = 0;       // champion right, candidate wrong
    int64_t c = 0;       // champion wrong, candidate right
    double pValue = 1.0; // exact two-sided binomial
    // b + c == 0: no discordant rows, so the test carries no information either way.
    bool hasDiscordantRows() const { return b + c > 0; }
};

// The exact paired sign-flip (permutation) test of "the candidate's net benefit is higher":
// under the null hypothesis each row's ΔNB is as likely to have the opposite sign, and
// pValue = P(sum of sign-flipped ΔNB >= observed ΔNB), the same quantity as
// scipy.stats.permutation_test(ΔNB, np.sum, permutation_type='samples', alternative='greater',
// n_resamples=np.inf). Exact at every N: see pairedcomparison.cpp for why no Monte Carlo is needed.
struct SignFlipTest
{
    int64_t nonZeroRows = 0; // rows whose ΔNB is not zero; the others do not move the statistic
    double pValue = 1.0;     // one-sided
    double omittedMass = 0;  // upper bound of the probability the computation left out
};

// A p-value for people: 4 significant digits, and "< 1e-300" when it underflowed to 0 in double
// precision (a p of exactly 0 would claim certainty no finite test gives).
QString formatPValue(double p);

struct PairedComparison
{
    // transitions[championCell][candidateCell]: rows that fell in one cell for the champion and
    // another for the candidate (cells indexed by gr::Cell).
    std::array<std::array<int64_t, 4>, 4> transitions{};
    int64_t bothCorrect = 0, championOnlyCorrect = 0, candidateOnlyCorrect = 0, bothWrong = 0;
    Money netBenefitDelta;                     // candidate - champion, exact
    std::array<Money, 4> deltaByCell{};        // (candidate count - champion count) x value
    std::array<int64_t, 4> countDeltaByCell{}; // candidate count - champion count
    McNemarTest mcnemar;
    SignFlipTest signFlip;
    BootstrapInterval bootstrap;
};

// Exact two-sided McNemar p-value: min(1, 2 * P[X <= min(b, c)]), X ~ Binomial(b + c, 1/2).
double mcnemarExactPValue(int64_t b, int64_t c);

// Counts the 16 (champion cell, candidate cell) categories in one pass.
std::array<std::array<int64_t, 4>, 4> pairedTransitions(const PredictionSet &champion,
                                                        double championThreshold,
                                                        const PredictionSet &candidate,
                                                        double candidateThreshold,
                                                        const TestSetCheck &pairing);

SignFlipTest signFlipTest(const std::array<std::array<int64_t, 4>, 4> &transitions,
                          const CellValues &values);

// A row's paired net-benefit difference takes one of 16 values, so a resample of N rows is a
// multinomial draw of 16 category counts: the same distribution as resampling row indices,
// at a cost independent of N. The draws use Boost.Random (mt19937_64 and its binomial
// distribution), whose algorithms are fixed by Boost rather than by the C++ standard library,
// so a seed gives the same interval with libstdc++, libc++ or MSVC.
BootstrapInterval bootstrapNetBenefitDelta(const std::array<std::array<int64_t, 4>, 4> &transitions,
                                           const CellValues &values,
                                           const BootstrapSettings &settings,
                                           const TaskControl *control = nullptr);

PairedComparison comparePaired(const std::array<std::array<int64_t, 4>, 4> &transitions,
                               const CellValues &values, const BootstrapSettings &settings,
                               const TaskControl *control = nullptr);

} // namespace gr

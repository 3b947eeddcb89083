#pragma once
#include <QString>
// Paired comparison of two models on the same rows: where each row moved between confusion
// cells, the change in net benefit and how much of it each cell explains, McNemar's exact test,
// and a paired bootstrap interval of the net-benefit difference.
#include "confusion.h"
#include "testsetcheck.h"

#include <array>
#include <cstdint>

namespace gr {

class TaskControl;

struct BootstrapSettings
{
    int resamples = 10000;
    uint64_t seed = 42;
    double level = 0.95;
};

struct BootstrapInterval
{
    double low = 0, high = 0, mean = 0, stddev = 0;
    double fractionAtOrBelowZero = 0;
    int resamples = 0;
};

struct McNemarTest
{
    int64_t b = 0;       // champion right, candidate wrong
    int64_t c = 0;       // champion wrong, candidate right
    double pValue = 1.0; // exact two-sided binomial
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
    double netBenefitDelta = 0;                // candidate - champion, $
    std::array<double, 4> deltaByCell{};       // (candidate count - champion count) x value, $
    std::array<int64_t, 4> countDeltaByCell{}; // candidate count - champion count
    McNemarTest mcnemar;
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

// A row's paired net-benefit difference takes one of 16 values, so a resample of N rows is a
// multinomial draw of 16 category counts: the same distribution as resampling row indices,
// at a cost independent of N.
BootstrapInterval bootstrapNetBenefitDelta(const std::array<std::array<int64_t, 4>, 4> &transitions,
                                           const CellValues &values,
                                           const BootstrapSettings &settings,
                                           const TaskControl *control = nullptr);

PairedComparison comparePaired(const std::array<std::array<int64_t, 4>, 4> &transitions,
                               const CellValues &values, const BootstrapSettings &settings,
                               const TaskControl *control = nullptr);

} // namespace gr

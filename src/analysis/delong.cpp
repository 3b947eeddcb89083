#include "delong.h"
#include "model/taskcontrol.h"
#include "scorelevels.h"

#include <boost/math/distributions/normal.hpp>
#include <Eigen/Dense>

#include <cmath>

namespace gr {
namespace {

// Placement values per distinct score of one model: for a positive at level i, the share of
// negatives scored below it plus half those tied; for a negative, the share of positives above
// it plus half those tied.
struct Placements
{
    std::vector<double> ofPositive, ofNegative;
    double auc = 0;
};

Placements placementsOf(const ThresholdSweep &sweep)
{
    Placements p;
    const size_t levels = sweep.size();
    p.ofPositive.resize(levels);
    p.ofNegative.resize(levels);
    const double m = double(sweep.positives()), n = double(sweep.negatives());
    int64_t tpAbove = 0, fpAbove = 0;
    double sum = 0;
    for (size_t i = 0; i < levels; ++i) {
        const Confusion c = sweep.confusionAtIndex(i);
        const int64_t tpHere = c.tp - tpAbove, fpHere = c.fp - fpAbove;
        p.ofPositive[i] = (double(sweep.negatives() - c.fp) + 0.5 * double(fpHere)) / n;
        p.ofNegative[i] = (double(tpAbove) + 0.5 * double(tpHere)) / m;
        sum += double(tpHere) * p.ofPositive[i];
        tpAbove = c.tp;
        fpAbove = c.fp;
    }
    p.auc = sum / m;
    return p;
}

} // namespace

DeLongTest delongPairedTest(const PredictionSet &champion, const ThresholdSweep &championSweep,
                            const PredictionSet &candidate, const ThresholdSweep &candidateSweep,
                            const TestSetCheck &pairing, double level, const TaskControl *control)
{
    DeLongTest test;
    test.level = level;
    const int64_t m = championSweep.positives(), n = championSweep.negatives();
    if (!pairing.identical) {
        test.undefinedReason =
            QStringLiteral("the two models were not scored on the same test set");
        return test;
    }
    if (m < 2 || n < 2) {
        test.undefinedReason =
            QStringLiteral("DeLong's test needs at least two positive and two negative rows "
                           "(the test set has %1 and %2)")
                .arg(m)
                .arg(n);
        return test;
    }
    const Placements a = placementsOf(championSweep), b = placementsOf(candidateSweep);
    const ScoreLevels levelsA(championSweep), levelsB(candidateSweep);
    test.championAuc = a.auc;
    test.candidateAuc = b.auc;

    // Sums of outer products of the centred placements, per class.
    Eigen::Matrix2d s10 = Eigen::Matrix2d::Zero(), s01 = Eigen::Matrix2d::Zero();
    const Eigen::Vector2d theta(a.auc, b.auc);
    const auto &labels = champion.labels;
    for (size_t i = 0; i < labels.size(); ++i) {
        if (control && (i & 0xFFFFF) == 0) control->checkCancelled();
        const size_t ia = levelsA.indexOf(champion.scores[i]);
        const size_t ib = levelsB.indexOf(candidate.scores[pairing.candidateRow(i)]);
        if (labels[i]) {
            const Eigen::Vector2d d = Eigen::Vector2d(a.ofPositive[ia], b.ofPositive[ib]) - theta;
            s10.noalias() += d * d.transpose();
        } else {
            const Eigen::Vector2d d = Eigen::Vector2d(a.ofNegative[ia], b.ofNegative[ib]) - theta;
            s01.noalias() += d * d.transpose();
        }
    }
    const Eigen::Matrix2d s = s10 / double(m - 1) / double(m) + s01 / double(n - 1) / double(n);
    const Eigen::Vector2d contrast(-1, 1); // candidate - champion
    const double variance = contrast.dot(s * contrast);
    test.covariance = {s(0, 0), s(0, 1), s(1, 0), s(1, 1)};
    test.correlation = s(0, 0) > 0 && s(1, 1) > 0 ? s(0, 1) / std::sqrt(s(0, 0) * s(1, 1)) : 0.0;
    test.difference = b.auc - a.auc;
    test.standardError = std::sqrt(std::max(0.0, variance));
    // pROC: identical AUCs with zero variance give z = 0 (not NaN).
    test.z = test.standardError > 0
                 ? test.difference / test.standardError
                 : (test.difference == 0 ? 0.0 : std::copysign(INFINITY, test.difference));
    test.pValue = std::isinf(test.z) ? 0.0 : std::erfc(std::abs(test.z) / std::sqrt(2.0));
    const boost::math::normal_distribution<double> normal;
    const double crit = boost::math::quantile(normal, 1 - (1 - level) / 2);
    test.low = test.difference - crit * test.standardError;
    test.high = test.difference + crit * test.standardError;
    return test;
}

} // namespace gr

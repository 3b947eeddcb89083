#pragma once
// Logistic regression of a binary label on one covariate, fitted by IRLS (Newton-Raphson with
// step halving; the 2x2 normal equations solved in Eigen) on grouped data: group g has covariate
// x[g], trials[g] rows of which successes[g] are positive. Rows sharing a score form one group,
// so a fit over a sweep costs O(distinct scores) per iteration and gives the same estimates as a
// row-level fit (statsmodels' Logit), which the reference test checks to 1e-8.
#include <array>
#include <QString>
#include <vector>

namespace gr {

class TaskControl;

struct LogisticFit
{
    double intercept = 0, slope = 0;
    double interceptSe = 0, slopeSe = 0; // from the inverse Fisher information at the optimum
    double logLikelihood = 0;
    int iterations = 0;
    QString undefinedReason; // non-empty: the maximum-likelihood estimate does not exist
    bool defined() const { return undefinedReason.isEmpty(); }
};

struct LogisticData
{
    std::vector<double> x, successes, trials;
};

// P(y = 1) = 1 / (1 + exp(-(intercept + slope x))). Undefined (with the reason) when one class is
// missing, when every row has the same x, or when x separates the classes (the estimate would be
// infinite: no overlap between the positives' and negatives' x, ties at the boundary included).
// Newton's iterations start at `start` (intercept, slope); the estimate does not depend on it (the
// log-likelihood is concave), the number of passes over the groups does.
LogisticFit fitLogistic(const LogisticData &data, const TaskControl *control = nullptr,
                        std::array<double, 2> start = {0, 0});

// The intercept alone with x as an offset (slope fixed at 1): "calibration in the large".
LogisticFit fitLogisticInterceptWithOffset(const LogisticData &data);

// logit(p) after clipping p to [1e-15, 1 - 1e-15], so scores of exactly 0 or 1 (which a model
// may emit) map to -34.5 / +34.5 instead of infinity. The reference scripts clip the same way.
double clippedLogit(double p);
constexpr double kLogitClip = 1e-15;

} // namespace gr

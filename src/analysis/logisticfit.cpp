#include "logisticfit.h"
#include "model/taskcontrol.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>

namespace gr {
namespace {

double softplus(double z) // log(1 + e^z) without overflow
{
    return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
}

double logLikelihood(const LogisticData &d, double b0, double b1, bool offset)
{
    double ll = 0;
    for (size_t g = 0; g < d.x.size(); ++g) {
        if (d.trials[g] == 0) continue;
        const double eta = b0 + (offset ? d.x[g] : b1 * d.x[g]);
        ll -= d.successes[g] * softplus(-eta) + (d.trials[g] - d.successes[g]) * softplus(eta);
    }
    return ll;
}

QString whyUndefined(const LogisticData &d)
{
    double pos = 0, neg = 0;
    double minPos = INFINITY, maxPos = -INFINITY, minNeg = INFINITY, maxNeg = -INFINITY;
    double minX = INFINITY, maxX = -INFINITY;
    for (size_t g = 0; g < d.x.size(); ++g) {
        if (d.trials[g] == 0) continue;
        minX = std::min(minX, d.x[g]);
        maxX = std::max(maxX, d.x[g]);
        if (d.successes[g] > 0) {
            pos += d.successes[g];
            minPos = std::min(minPos, d.x[g]);
            maxPos = std::max(maxPos, d.x[g]);
        }
        if (d.trials[g] > d.successes[g]) {
            neg += d.trials[g] - d.successes[g];
            minNeg = std::min(minNeg, d.x[g]);
            maxNeg = std::max(maxNeg, d.x[g]);
        }
    }
    if (pos == 0 || neg == 0)
        return QStringLiteral("only one class is present (%1 positive, %2 negative rows)")
            .arg(pos)
            .arg(neg);
    if (minX == maxX) return QStringLiteral("every row has the same score");
    if (maxNeg <= minPos || maxPos <= minNeg)
        return QStringLiteral("the score separates the classes perfectly, so the fitted slope "
                              "would be infinite");
    return {};
}

} // namespace

double clippedLogit(double p)
{
    const double q = std::clamp(p, kLogitClip, 1 - kLogitClip);
    return std::log(q / (1 - q));
}

LogisticFit fitLogistic(const LogisticData &d, const TaskControl *control)
{
    LogisticFit fit;
    fit.undefinedReason = whyUndefined(d);
    if (!fit.defined()) return fit;
    Eigen::Vector2d beta = Eigen::Vector2d::Zero();
    double ll = logLikelihood(d, 0, 0, false);
    Eigen::Matrix2d information;
    for (fit.iterations = 1; fit.iterations <= 100; ++fit.iterations) {
        if (control) control->checkCancelled();
        Eigen::Vector2d score = Eigen::Vector2d::Zero();
        information.setZero();
        for (size_t g = 0; g < d.x.size(); ++g) {
            if (d.trials[g] == 0) continue;
            const double p = 1 / (1 + std::exp(-(beta[0] + beta[1] * d.x[g])));
            const double w = d.trials[g] * p * (1 - p);
            const Eigen::Vector2d row(1, d.x[g]);
            score += (d.successes[g] - d.trials[g] * p) * row;
            information.noalias() += w * row * row.transpose();
        }
        Eigen::Vector2d step = information.ldlt().solve(score);
        const bool converged =
            step.cwiseAbs().maxCoeff() < 1e-13 * (1 + beta.cwiseAbs().maxCoeff());
        // Newton's step, halved while it clearly lowers the likelihood (far from the optimum
        // only: near it the change is rounding noise and the full step is right).
        double nextLl = logLikelihood(d, beta[0] + step[0], beta[1] + step[1], false);
        for (int halvings = 0; nextLl < ll - 1e-9 * (1 + std::abs(ll)) && halvings < 30;
             ++halvings) {
            step /= 2;
            nextLl = logLikelihood(d, beta[0] + step[0], beta[1] + step[1], false);
        }
        beta += step;
        ll = nextLl;
        if (converged) break;
    }
    const Eigen::Matrix2d covariance = information.inverse();
    fit.intercept = beta[0];
    fit.slope = beta[1];
    fit.interceptSe = std::sqrt(covariance(0, 0));
    fit.slopeSe = std::sqrt(covariance(1, 1));
    fit.logLikelihood = ll;
    return fit;
}

LogisticFit fitLogisticInterceptWithOffset(const LogisticData &d)
{
    LogisticFit fit;
    fit.slope = 1;
    fit.undefinedReason = whyUndefined(d);
    if (fit.undefinedReason.startsWith(QStringLiteral("only one class"))) return fit;
    fit.undefinedReason.clear(); // with the slope fixed, separation does not matter
    double b = 0, information = 0;
    for (fit.iterations = 1; fit.iterations <= 100; ++fit.iterations) {
        double score = 0;
        information = 0;
        for (size_t g = 0; g < d.x.size(); ++g) {
            if (d.trials[g] == 0) continue;
            const double p = 1 / (1 + std::exp(-(b + d.x[g])));
            score += d.successes[g] - d.trials[g] * p;
            information += d.trials[g] * p * (1 - p);
        }
        const double step = score / information;
        b += step;
        if (std::abs(step) < 1e-13 * (1 + std::abs(b))) break;
    }
    fit.intercept = b;
    fit.interceptSe = std::sqrt(1 / information);
    fit.logLikelihood = logLikelihood(d, b, 1, true);
    return fit;
}

} // namespace gr

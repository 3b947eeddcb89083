#include "logisticfit.h"
#include "model/taskcontrol.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>

namespace gr {
namespace {

// Everything one IRLS iteration needs at a point (b0, b1), from one pass over the groups with one
// exp and one log1p per group: with e = exp(-|eta|), p = 1 / (1 + e) or e / (1 + e), and
// log(1 + e^eta) = max(eta, 0) + log1p(e), the group's log-likelihood s log p + (t - s) log(1 - p)
// is s eta - t log(1 + e^eta) (no overflow for any eta).
struct PassResult
{
    double logLikelihood = 0;
    Eigen::Vector2d score = Eigen::Vector2d::Zero(); // gradient of the log-likelihood
    Eigen::Matrix2d information = Eigen::Matrix2d::Zero();
};

template <bool kWithLogLikelihood>
PassResult evaluate(const LogisticData &d, double b0, double b1, bool offset)
{
    // Plain sums instead of Eigen temporaries in the loop: it runs over up to millions of groups.
    double ll = 0, s0 = 0, s1 = 0, i00 = 0, i01 = 0, i11 = 0;
    for (size_t g = 0; g < d.x.size(); ++g) {
        const double t = d.trials[g];
        if (t == 0) continue;
        const double x = d.x[g], y = d.successes[g];
        const double eta = b0 + (offset ? x : b1 * x);
        const double e = std::exp(-std::abs(eta));
        const double p = eta >= 0 ? 1 / (1 + e) : e / (1 + e);
        // log(1 + e) rather than log1p(e): for e in (0, 1] the two differ by at most an ulp of 1
        // per group, far below the 1e-8 the reference test asks, and log() is much cheaper.
        if constexpr (kWithLogLikelihood)
            ll += y * eta - t * (std::max(eta, 0.0) + std::log(1 + e));
        const double residual = y - t * p, w = t * p * (1 - p);
        s0 += residual;
        s1 += residual * x;
        i00 += w;
        i01 += w * x;
        i11 += w * x * x;
    }
    PassResult r;
    r.logLikelihood = kWithLogLikelihood ? ll : NAN;
    r.score << s0, s1;
    r.information << i00, i01, i01, i11;
    return r;
}

// The log-likelihood costs the pass's one log(): asked for only where it is used.
PassResult evaluateAt(const LogisticData &d, double b0, double b1, bool offset,
                      bool withLogLikelihood)
{
    return withLogLikelihood ? evaluate<true>(d, b0, b1, offset)
                             : evaluate<false>(d, b0, b1, offset);
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

LogisticFit fitLogistic(const LogisticData &d, const TaskControl *control,
                        std::array<double, 2> start)
{
    LogisticFit fit;
    fit.undefinedReason = whyUndefined(d);
    if (!fit.defined()) return fit;
    Eigen::Vector2d beta(start[0], start[1]);
    // While steps are large, each is checked against the log-likelihood (and halved if it
    // clearly lowers it); once they are small Newton converges quadratically, the checks stop and
    // only the final pass computes the log-likelihood again.
    bool guarded = true;
    PassResult here = evaluateAt(d, beta[0], beta[1], false, true);
    for (fit.iterations = 1; fit.iterations <= 100; ++fit.iterations) {
        if (control) control->checkCancelled();
        Eigen::Vector2d step = here.information.ldlt().solve(here.score);
        const double scale = 1 + beta.cwiseAbs().maxCoeff();
        const bool converged = step.cwiseAbs().maxCoeff() < 1e-13 * scale;
        guarded = guarded && step.cwiseAbs().maxCoeff() > 1e-3 * scale;
        PassResult next =
            evaluateAt(d, beta[0] + step[0], beta[1] + step[1], false, guarded || converged);
        const double ll = here.logLikelihood;
        for (int halvings = 0;
             guarded && next.logLikelihood < ll - 1e-9 * (1 + std::abs(ll)) && halvings < 30;
             ++halvings) {
            step /= 2;
            next = evaluateAt(d, beta[0] + step[0], beta[1] + step[1], false, true);
        }
        beta += step;
        here = next;
        if (converged) break;
    }
    if (std::isnan(here.logLikelihood)) // stopped at the iteration limit unguarded
        here = evaluateAt(d, beta[0], beta[1], false, true);
    const Eigen::Matrix2d covariance = here.information.inverse();
    fit.intercept = beta[0];
    fit.slope = beta[1];
    fit.interceptSe = std::sqrt(covariance(0, 0));
    fit.slopeSe = std::sqrt(covariance(1, 1));
    fit.logLikelihood = here.logLikelihood;
    return fit;
}

LogisticFit fitLogisticInterceptWithOffset(const LogisticData &d)
{
    LogisticFit fit;
    fit.slope = 1;
    fit.undefinedReason = whyUndefined(d);
    if (fit.undefinedReason.startsWith(QStringLiteral("only one class"))) return fit;
    fit.undefinedReason.clear(); // with the slope fixed, separation does not matter
    double b = 0;
    PassResult here = evaluateAt(d, 0, 1, true, false);
    for (fit.iterations = 1; fit.iterations <= 100; ++fit.iterations) {
        const double step = here.score[0] / here.information(0, 0);
        b += step;
        const bool converged = std::abs(step) < 1e-13 * (1 + std::abs(b));
        here = evaluateAt(d, b, 1, true, converged || fit.iterations == 100);
        if (converged) break;
    }
    fit.intercept = b;
    fit.interceptSe = std::sqrt(1 / here.information(0, 0));
    fit.logLikelihood = here.logLikelihood;
    return fit;
}

} // namespace gr

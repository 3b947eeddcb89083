#include "sweepcurves.h"
#include "metrics/thresholdsweep.h"

#include <algorithm>

namespace gr::ui {

SweepCurves SweepCurves::sample(const ThresholdSweep &sweep, const CellValues &values, int points)
{
    SweepCurves c;
    if (sweep.isEmpty()) return c;
    std::vector<double> ts;
    ts.reserve(size_t(points) + 2);
    const int half = std::max(2, points / 2);
    for (int i = 0; i <= half; ++i)
        ts.push_back(double(i) / half);
    const size_t n = sweep.size();
    for (int i = 0; i < half; ++i)
        ts.push_back(sweep.thresholdAt(std::min(n - 1, size_t(double(i) / half * double(n)))));
    std::sort(ts.begin(), ts.end());
    ts.erase(std::unique(ts.begin(), ts.end()), ts.end());

    for (double t : ts) {
        const Confusion m = sweep.confusionAt(t);
        c.threshold << t;
        c.precision << m.precision();
        c.recall << m.recall();
        c.f1 << m.f1();
        c.netBenefit << values.netBenefit(m).toDouble();
        // The decision curve diverges as t -> 1 (odds t / (1 - t)); it is read on (0, 1) only.
        const double dcT = std::clamp(t, 1e-3, 0.999);
        c.decisionCurve << sweep.decisionCurveNetBenefit(dcT);
        c.decisionCurveTreatAll << sweep.decisionCurveTreatAll(dcT);
    }
    return c;
}

} // namespace gr::ui

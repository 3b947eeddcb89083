#include "costgrid.h"
#include "model/errors.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <tuple>

namespace gr {
namespace {

// Hull vertices in order: along the top (upper chain) left to right, back along the bottom.
// `orientation` is the cross product of (a - o) and (b - o) in (x = FP, y = TP) coordinates, or
// anything with its sign.
template <typename Orientation>
std::vector<std::array<int64_t, 2>> convexHull(const ThresholdSweep &sweep, Orientation orientation)
{
    std::vector<std::array<int64_t, 2>> lower, upper;
    for (size_t i = 0; i < sweep.size(); ++i) {
        const Confusion c = sweep.confusionAtIndex(i);
        const std::array<int64_t, 2> p{c.tp, c.fp};
        while (lower.size() >= 2 && orientation(lower[lower.size() - 2], lower.back(), p) <= 0)
            lower.pop_back();
        lower.push_back(p);
        while (upper.size() >= 2 && orientation(upper[upper.size() - 2], upper.back(), p) >= 0)
            upper.pop_back();
        upper.push_back(p);
    }
    std::vector<std::array<int64_t, 2>> hull = upper;
    for (size_t k = lower.size(); k-- > 0;)
        if (k != 0 && k + 1 != lower.size()) hull.push_back(lower[k]);
    return hull;
}

WideCents cross(const std::array<int64_t, 2> &o, const std::array<int64_t, 2> &a,
                const std::array<int64_t, 2> &b)
{
    return WideCents(a[1] - o[1]) * (b[0] - o[0]) - WideCents(a[0] - o[0]) * (b[1] - o[1]);
}

// NB of a (TP, FP) point for the model: TP tp + FP fp + (P - TP) fn + (N - FP) tn.
WideCents pointValue(const CostModel &m, const std::array<int64_t, 2> &p, const CentValues &v)
{
    return v.netBenefit(Confusion{p[0], p[1], m.positives - p[0], m.negatives - p[1]});
}

WideCents bestValue(const CostModel &m, const CentValues &v)
{
    WideCents best = pointValue(m, m.hull.front(), v);
    for (const auto &p : m.hull)
        best = std::max(best, pointValue(m, p, v));
    return best;
}

CentValues withFpFn(CentValues v, int64_t fp, int64_t fn)
{
    v.fp = fp;
    v.fn = fn;
    return v;
}

int64_t scaled(int64_t cents, double multiple)
{
    return int64_t(std::llround(double(cents) * multiple));
}

} // namespace

CostModel costModelOf(const ThresholdSweep &sweep, double declaredThreshold)
{
    CostModel m;
    m.declared = sweep.confusionAt(declaredThreshold);
    m.positives = sweep.positives();
    m.negatives = sweep.negatives();
    // Andrew's monotone chain over points already in (FP, TP) order (both cumulative counts
    // grow along the sweep). Points are stored (TP, FP); sort key is (FP, TP). Below 2^31 rows
    // every orientation test fits in 64 bits (differences < 2^31, products < 2^62).
    if (sweep.rows() < (int64_t(1) << 31))
        m.hull = convexHull(sweep, [](const auto &o, const auto &a, const auto &b) {
            return (a[1] - o[1]) * (b[0] - o[0]) - (a[0] - o[0]) * (b[1] - o[1]);
        });
    else
        m.hull = convexHull(sweep, cross);
    return m;
}

WideCents netBenefitDelta(const CostModel &champion, const CostModel &candidate,
                          const CentValues &v, OperatingPoint mode)
{
    if (mode == OperatingPoint::Declared)
        return v.netBenefit(candidate.declared) - v.netBenefit(champion.declared);
    if (champion.hull.empty() || candidate.hull.empty()) return 0;
    return bestValue(candidate, v) - bestValue(champion, v);
}

namespace {

// Best NB per grid cell of one model at its own optimum, exactly. For one grid row (FN value
// fixed) a hull vertex v contributes NB_v = TP_v (tp - fn) + FP_v (fp - tn) + P fn + N tn, a line
// in x = fp - tn with slope FP_v; the row's best NB is the upper envelope of those lines at each
// column's x. The envelope (convex-hull trick, exact in 128 bits) costs O(hull) per row and the
// columns, visited in ascending x, move along it monotonically: O(rows x (hull + columns)) in all,
// against O(rows x columns x hull) for scanning the hull at every cell.
std::vector<WideCents> bestPerCell(const CostModel &m, const CentValues &policy,
                                   const std::vector<int64_t> &fp, const std::vector<int64_t> &fn)
{
    struct Line
    {
        int64_t slope;
        WideCents intercept;
        WideCents at(int64_t x) const { return intercept + WideCents(slope) * x; }
    };
    // Vertices by FP, then TP: the lines in slope order, each row choosing among equal slopes.
    std::vector<std::array<int64_t, 2>> vertices = m.hull;
    std::sort(vertices.begin(), vertices.end(), [](const auto &l, const auto &r) {
        return std::tie(l[1], l[0]) < std::tie(r[1], r[0]);
    });
    // Columns in ascending x = fp - tn (the grid's FP values run toward the policy's sign).
    std::vector<size_t> columns(fp.size());
    for (size_t c = 0; c < columns.size(); ++c)
        columns[c] = c;
    std::sort(columns.begin(), columns.end(), [&](size_t l, size_t r) { return fp[l] < fp[r]; });

    const size_t cols = fp.size();
    std::vector<WideCents> best(fp.size() * fn.size());
    std::vector<Line> envelope;
    envelope.reserve(vertices.size());
    for (size_t row = 0; row < fn.size(); ++row) {
        const int64_t tpWeight = policy.tp - fn[row];
        envelope.clear();
        for (size_t k = 0; k < vertices.size(); ++k) {
            const Line line{vertices[k][1], WideCents(vertices[k][0]) * tpWeight};
            if (!envelope.empty() && envelope.back().slope == line.slope) {
                if (envelope.back().intercept >= line.intercept) continue;
                envelope.pop_back();
            }
            // The last line is never strictly on top once its neighbours meet at or above it:
            // (c2 - c1)(m3 - m1) <= (c3 - c1)(m2 - m1) for slopes m1 < m2 < m3.
            while (envelope.size() >= 2) {
                const Line &l1 = envelope[envelope.size() - 2], &l2 = envelope.back();
                if ((l2.intercept - l1.intercept) * (line.slope - l1.slope) >
                    (line.intercept - l1.intercept) * (l2.slope - l1.slope))
                    break;
                envelope.pop_back();
            }
            envelope.push_back(line);
        }
        const WideCents constant =
            WideCents(m.positives) * fn[row] + WideCents(m.negatives) * policy.tn;
        size_t at = 0;
        for (const size_t c : columns) {
            const int64_t x = fp[c] - policy.tn;
            while (at + 1 < envelope.size() && envelope[at + 1].at(x) >= envelope[at].at(x))
                ++at;
            best[row * cols + c] = envelope[at].at(x) + constant;
        }
    }
    return best;
}

// Walks outward from the policy's value along one axis on a one-cent lattice: first the grid
// steps, then bisection inside the step where the verdict first differs.
Flip findFlip(const std::function<bool(int64_t)> &promotedAt, int64_t from, int64_t to, int steps)
{
    Flip flip;
    const bool verdict = promotedAt(from);
    int64_t holds = from;
    for (int k = 1; k <= steps; ++k) {
        const int64_t value = from + int64_t(std::llround(double(to - from) * k / steps));
        if (value == holds) continue;
        if (promotedAt(value) != verdict) {
            int64_t lo = holds, hi = value; // verdict holds at lo, differs at hi
            while (std::abs(hi - lo) > 1) {
                const int64_t mid = lo + (hi - lo) / 2;
                (promotedAt(mid) == verdict ? lo : hi) = mid;
            }
            flip.found = true;
            flip.cents = hi;
            flip.lastHolds = lo;
            return flip;
        }
        holds = value;
    }
    flip.lastHolds = holds;
    return flip;
}

} // namespace

CostGrid computeCostGrid(const CostModel &champion, const CostModel &candidate,
                         const GatePolicy &policy, OperatingPoint mode, int steps,
                         double maxMultiple)
{
    const auto values = CentValues::of(policy.values);
    const auto minDelta = toCents(policy.minDelta);
    if (!values || !minDelta)
        throw InputError(policy.sourceFile,
                         QStringLiteral("the cost grid needs cell values and min_delta in whole "
                                        "cents"));
    CostGrid grid;
    grid.mode = mode;
    grid.policy = *values;
    grid.minDeltaCents = *minDelta;
    steps = std::max(2, steps);
    for (int k = 0; k < steps; ++k) {
        const double multiple = maxMultiple * k / (steps - 1);
        grid.fpCents.push_back(scaled(values->fp, multiple));
        grid.fnCents.push_back(scaled(values->fn, multiple));
    }
    const size_t cells = grid.rows() * grid.columns();
    grid.delta.resize(cells);
    if (mode == OperatingPoint::Declared) {
        for (size_t cell = 0; cell < cells; ++cell)
            grid.delta[cell] =
                netBenefitDelta(champion, candidate,
                                withFpFn(*values, grid.fpCents[cell % grid.columns()],
                                         grid.fnCents[cell / grid.columns()]),
                                mode);
    } else if (!champion.hull.empty() && !candidate.hull.empty()) {
        const auto a = bestPerCell(champion, *values, grid.fpCents, grid.fnCents);
        const auto b = bestPerCell(candidate, *values, grid.fpCents, grid.fnCents);
        for (size_t cell = 0; cell < cells; ++cell)
            grid.delta[cell] = b[cell] - a[cell];
    }
    grid.promoted.resize(cells);
    size_t promotedCells = 0;
    for (size_t cell = 0; cell < cells; ++cell) {
        grid.promoted[cell] = grid.delta[cell] > grid.minDeltaCents;
        promotedCells += grid.promoted[cell];
    }
    grid.promotedShare = cells ? double(promotedCells) / double(cells) : 0;
    grid.policyDelta = netBenefitDelta(champion, candidate, *values, mode);
    grid.policyPromoted = grid.policyDelta > grid.minDeltaCents;

    auto promotedWith = [&](int64_t fp, int64_t fn) {
        return netBenefitDelta(champion, candidate, withFpFn(*values, fp, fn), mode) >
               grid.minDeltaCents;
    };
    const int64_t fnFar = scaled(values->fn, maxMultiple), fpFar = scaled(values->fp, maxMultiple);
    grid.fnTowardZero =
        findFlip([&](int64_t fn) { return promotedWith(values->fp, fn); }, values->fn, 0, steps);
    grid.fnAwayFromZero = findFlip([&](int64_t fn) { return promotedWith(values->fp, fn); },
                                   values->fn, fnFar, steps);
    grid.fpTowardZero =
        findFlip([&](int64_t fp) { return promotedWith(fp, values->fn); }, values->fp, 0, steps);
    grid.fpAwayFromZero = findFlip([&](int64_t fp) { return promotedWith(fp, values->fn); },
                                   values->fp, fpFar, steps);
    return grid;
}

std::vector<RatioPoint> ratioView(const CostModel &champion, const CostModel &candidate,
                                  const GatePolicy &policy, OperatingPoint mode, int points)
{
    const auto values = CentValues::of(policy.values);
    const auto minDelta = toCents(policy.minDelta);
    std::vector<RatioPoint> out;
    if (!values || !minDelta || values->fp == 0 || values->fn == 0) return out;
    const double total = double(std::abs(values->fp) + std::abs(values->fn));
    const double policyRatio = double(std::abs(values->fn)) / double(std::abs(values->fp));
    points = std::max(2, points);
    for (int k = 0; k < points; ++k) {
        RatioPoint p;
        p.ratioMultiple = std::pow(8.0, -1.0 + 2.0 * k / (points - 1)); // 1/8 .. 8
        const double ratio = policyRatio * p.ratioMultiple;
        p.fpCents = (values->fp < 0 ? -1 : 1) * std::llround(total / (1 + ratio));
        p.fnCents = (values->fn < 0 ? -1 : 1) * std::llround(total * ratio / (1 + ratio));
        p.delta =
            netBenefitDelta(champion, candidate, withFpFn(*values, p.fpCents, p.fnCents), mode);
        p.promoted = p.delta > *minDelta;
        out.push_back(p);
    }
    return out;
}

QString describeFlips(const CostGrid &grid, const QString &currency)
{
    // Layer 2's net-benefit comparison only: the gate's verdict may still differ (layer 1, or a
    // policy that asks for significance), so the sentence never calls this "the verdict".
    const QString verdict = grid.policyPromoted
                                ? QStringLiteral("candidate ahead by more than min_delta")
                                : QStringLiteral("candidate not ahead by more than min_delta");
    auto side = [&](const Flip &f, const QString &direction) {
        return f.found ? QStringLiteral("%1 (%2)").arg(formatCents(f.cents, currency), direction)
                       : QString();
    };
    auto moves = [&](const QString &cell, int64_t policyCents, const Flip &toward,
                     const Flip &away) {
        QStringList flips;
        if (toward.found) flips << side(toward, QStringLiteral("toward $0"));
        if (away.found) flips << side(away, QStringLiteral("away from $0"));
        if (flips.isEmpty()) return QString();
        return QStringLiteral("the %1 value (policy %2) moves to %3")
            .arg(cell, formatCents(policyCents, currency), flips.join(QStringLiteral(" or ")));
    };
    QStringList unless;
    for (const QString &m :
         {moves(QStringLiteral("FN"), grid.policy.fn, grid.fnTowardZero, grid.fnAwayFromZero),
          moves(QStringLiteral("FP"), grid.policy.fp, grid.fpTowardZero, grid.fpAwayFromZero)})
        if (!m.isEmpty()) unless << m;
    const QString where = grid.mode == OperatingPoint::Declared
                              ? QStringLiteral("at the declared thresholds")
                              : QStringLiteral("each model at its own optimum");
    if (unless.isEmpty())
        return QStringLiteral("The net-benefit comparison (%1, %2) holds for every FN value from "
                              "$0 to 3× the policy's %3 and every FP value from $0 to 3× the "
                              "policy's %4.")
            .arg(verdict, where, formatCents(grid.policy.fn, currency),
                 formatCents(grid.policy.fp, currency));
    return QStringLiteral("The net-benefit comparison (%1, %2) holds unless %3 (the other value "
                          "at the policy's).")
        .arg(verdict, where, unless.join(QStringLiteral("; or unless ")));
}

} // namespace gr

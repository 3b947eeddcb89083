#include "segmentcomparison.h"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace gr {

std::vector<bool> benjaminiHochberg(const std::vector<double> &p, double alpha,
                                    std::vector<double> *adjusted)
{
    const size_t m = p.size();
    std::vector<size_t> order(m);
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p[a] < p[b]; });
    // Reject the k smallest, k the largest rank with p_(k) <= (k / m) alpha; the adjusted p is the
    // running minimum of p_(k) / (k / m) from the largest down: statsmodels' fdr_bh, operation for
    // operation.
    size_t rejected = 0;
    for (size_t k = 0; k < m; ++k)
        if (p[order[k]] <= double(k + 1) / double(m) * alpha) rejected = k + 1;
    std::vector<bool> reject(m, false);
    for (size_t k = 0; k < rejected; ++k)
        reject[order[k]] = true;
    if (adjusted) {
        adjusted->assign(m, 1.0);
        double running = 1.0;
        for (size_t k = m; k-- > 0;) {
            running = std::min(running, p[order[k]] / (double(k + 1) / double(m)));
            (*adjusted)[order[k]] = std::min(running, 1.0);
        }
    }
    return reject;
}

namespace {

bool correct(Cell c)
{
    return c == Cell::TP || c == Cell::TN;
}

void finish(SegmentComparison &s, const CellValues &values, double level)
{
    MoneySum champion, candidate;
    __extension__ __int128 sumD = 0;
    for (int a = 0; a < 4; ++a)
        for (int b = 0; b < 4; ++b) {
            const int64_t n = s.transitions[size_t(a)][size_t(b)];
            if (n == 0) continue;
            s.rows += n;
            if (Cell(a) == Cell::TP || Cell(a) == Cell::FN) s.positives += n;
            champion.add(values.of(Cell(a)), n);
            candidate.add(values.of(Cell(b)), n);
            s.countDelta[size_t(b)] += n;
            s.countDelta[size_t(a)] -= n;
            sumD += __int128(n) * (values.of(Cell(b)).micros() - values.of(Cell(a)).micros());
            if (correct(Cell(a)) && !correct(Cell(b))) s.championOnlyRight += n;
            if (!correct(Cell(a)) && correct(Cell(b))) s.candidateOnlyRight += n;
            if (!correct(Cell(a)) && !correct(Cell(b))) s.bothWrong += n;
        }
    s.championNetBenefit = champion.total();
    s.candidateNetBenefit = candidate.total();
    s.delta = s.candidateNetBenefit - s.championNetBenefit;
    const double delta = s.delta.toDouble();
    s.deltaLow = s.deltaHigh = delta;
    s.pValue = sumD == 0 ? 1.0 : 0.0;
    if (s.rows < 2) {
        s.pValue = 1.0;
        return;
    }
    // The sample variance of d, from the 16 (d, count) pairs, in currency units.
    const long double n = (long double)(s.rows);
    const long double mean = (long double)(sumD) / n / 1e6L;
    long double squares = 0;
    for (int a = 0; a < 4; ++a)
        for (int b = 0; b < 4; ++b) {
            const int64_t count = s.transitions[size_t(a)][size_t(b)];
            if (count == 0) continue;
            const long double d =
                (long double)(values.of(Cell(b)).micros() - values.of(Cell(a)).micros()) / 1e6L;
            squares += (long double)(count) * (d - mean) * (d - mean);
        }
    const double sd = double(std::sqrt(squares / (n - 1)));
    if (!(sd > 0)) return;
    const boost::math::students_t t(double(s.rows - 1));
    const double statistic = double(mean) / (sd / std::sqrt(double(s.rows)));
    s.pValue = std::min(1.0, 2 * boost::math::cdf(boost::math::complement(t, std::abs(statistic))));
    const double half = boost::math::quantile(boost::math::complement(t, (1 - level) / 2)) *
                        std::sqrt(double(s.rows)) * sd;
    s.deltaLow = delta - half;
    s.deltaHigh = delta + half;
}

} // namespace

std::vector<SegmentComparison> compareSegments(const SegmentColumns &columns,
                                               const std::vector<uint8_t> &transitions,
                                               const CellValues &values, double level, double fdr)
{
    std::vector<SegmentComparison> out;
    for (size_t c = 0; c < columns.columns.size(); ++c) {
        const SegmentColumn &column = columns.columns[c];
        std::vector<std::array<int64_t, 16>> counts(size_t(column.values.size()));
        for (size_t i = 0; i < transitions.size(); ++i)
            ++counts[column.codes[i]][transitions[i]];
        for (int v = 0; v < int(column.values.size()); ++v) {
            SegmentComparison s;
            s.column = int(c);
            s.value = v;
            for (int k = 0; k < 16; ++k)
                s.transitions[size_t(k / 4)][size_t(k % 4)] = counts[size_t(v)][size_t(k)];
            finish(s, values, level);
            if (s.rows > 0) out.push_back(s);
        }
    }
    std::vector<double> p;
    for (const SegmentComparison &s : out)
        p.push_back(s.pValue);
    std::vector<double> adjusted;
    const std::vector<bool> reject = benjaminiHochberg(p, fdr, &adjusted);
    for (size_t k = 0; k < out.size(); ++k) {
        out[k].flagged = reject[k];
        out[k].adjustedP = adjusted[k];
    }
    return out;
}

} // namespace gr

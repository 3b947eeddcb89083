#include "sliceline.h"

#include "model/taskcontrol.h"

#include <Eigen/SparseCore>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <unordered_map>

namespace gr {

double sliceScore(double alpha, int64_t totalLoss, int64_t rows, int64_t sliceLoss,
                  int64_t sliceSize)
{
    const double averageLoss = double(totalLoss) / double(rows);
    return alpha * ((double(sliceLoss) / double(sliceSize)) / averageLoss - 1) -
           (1 - alpha) * (double(rows) / double(sliceSize) - 1);
}

double sliceScoreUpperBound(double alpha, int64_t totalLoss, int64_t rows, int64_t minSupport,
                            int64_t sizeBound, int64_t positiveLossBound, int64_t maxLossBound)
{
    if (sizeBound < minSupport || positiveLossBound <= 0 || maxLossBound <= 0)
        return -std::numeric_limits<double>::infinity();
    // The bound is monotone on each side of se/sm, so its maximum over [minSupport, sizeBound]
    // lies at one of these sizes (SliceLine's scoreUB).
    const double averageLoss = double(totalLoss) / double(rows);
    const double se = double(positiveLossBound), sm = double(maxLossBound);
    const std::array<double, 3> sizes = {double(minSupport), std::max(se / sm, double(minSupport)),
                                         double(sizeBound)};
    double best = -std::numeric_limits<double>::infinity();
    for (const double s : sizes) {
        const double v = alpha * ((std::min(s * sm, se) / s) / averageLoss - 1) -
                         (1 - alpha) * (double(rows) / s - 1);
        best = std::max(best, v);
    }
    return best;
}

bool sliceRanksBefore(const Slice &a, const Slice &b)
{
    if (a.score != b.score) return a.score > b.score;
    if (a.stats.size != b.stats.size) return a.stats.size > b.stats.size;
    if (a.predicates.size() != b.predicates.size())
        return a.predicates.size() < b.predicates.size();
    for (size_t i = 0; i < a.predicates.size(); ++i) {
        const SlicePredicate &p = a.predicates[i], &q = b.predicates[i];
        if (p.column != q.column) return p.column < q.column;
        if (p.value != q.value) return p.value < q.value;
    }
    return false;
}

namespace {

using Key = uint64_t; // up to four one-hot feature indices of 16 bits, ascending
constexpr int kMaxLevel = 4;

struct Features
{
    std::vector<int> offset; // first one-hot index of each column
    std::vector<int> columnOf;
    std::vector<int> valueOf;

    explicit Features(const SliceInput &input)
    {
        int next = 0;
        for (const int c : input.cardinality) {
            offset.push_back(next);
            for (int v = 0; v < c; ++v) {
                columnOf.push_back(int(offset.size()) - 1);
                valueOf.push_back(v);
            }
            next += c;
        }
    }
    int count() const { return int(columnOf.size()); }
};

// Insertion sort of the first n entries (at most eight): std::sort on a prefix of a small array
// trips GCC's -Warray-bounds.
template <size_t N> void sortPrefix(std::array<int, N> &a, int n)
{
    for (int i = 1; i < n; ++i)
        for (int j = i; j > 0 && a[size_t(j - 1)] > a[size_t(j)]; --j)
            std::swap(a[size_t(j - 1)], a[size_t(j)]);
}

Key makeKey(std::array<int, kMaxLevel> f, int level)
{
    sortPrefix(f, level);
    Key k = 0;
    for (int i = 0; i < level; ++i)
        k = (k << 16) | Key(f[size_t(i)] + 1);
    return k;
}

std::array<int, kMaxLevel> featuresOf(Key key, int level)
{
    std::array<int, kMaxLevel> f{};
    for (int i = level - 1; i >= 0; --i, key >>= 16)
        f[size_t(i)] = int(key & 0xFFFF) - 1;
    return f;
}

// Candidates that constrain the same columns, evaluated in one pass over the rows.
struct Group
{
    std::array<int, kMaxLevel> columns{};
    std::vector<Key> keys;
};

class Search
{
public:
    Search(const SliceInput &input, const SliceSettings &settings, const TaskControl *control)
        : m_in(input), m_set(settings), m_control(control), m_features(input)
    {
    }

    int64_t totalLoss() const
    {
        std::array<int64_t, 256> perClass{};
        for (int64_t i = 0; i < m_in.rows; ++i)
            ++perClass[m_in.rowClass[i]];
        int64_t total = 0;
        for (size_t c = 0; c < m_in.lossOfClass.size(); ++c)
            total += perClass[c] * m_in.lossOfClass[c];
        return total;
    }

    // Evaluates every key of the group (all of the same level) in one pass over the rows.
    std::vector<SliceStats> evaluate(const Group &group, int level) const
    {
        if (m_control) m_control->checkCancelled();
        std::array<int64_t, kMaxLevel> stride{};
        int64_t cells = 1;
        for (int i = level - 1; i >= 0; --i) {
            stride[size_t(i)] = cells;
            cells *= m_in.cardinality[size_t(group.columns[size_t(i)])];
        }
        std::vector<SliceStats> stats(group.keys.size());
        auto cellOf = [&](Key key) {
            const auto f = featuresOf(key, level);
            int64_t cell = 0;
            for (int i = 0; i < level; ++i)
                cell += stride[size_t(i)] * m_features.valueOf[size_t(f[size_t(i)])];
            return cell;
        };
        constexpr int64_t kDenseCells = int64_t(1) << 24;
        std::vector<int32_t> slotOfCell;
        std::unordered_map<int64_t, int32_t> slotOfSparseCell;
        if (cells <= kDenseCells) {
            slotOfCell.assign(size_t(cells), -1);
            for (size_t k = 0; k < group.keys.size(); ++k)
                slotOfCell[size_t(cellOf(group.keys[k]))] = int32_t(k);
        } else {
            for (size_t k = 0; k < group.keys.size(); ++k)
                slotOfSparseCell.emplace(cellOf(group.keys[k]), int32_t(k));
        }
        std::array<const uint8_t *, kMaxLevel> col{};
        for (int i = 0; i < level; ++i)
            col[size_t(i)] = m_in.columns[size_t(group.columns[size_t(i)])];
        const int64_t *loss = m_in.lossOfClass.data();
        for (int64_t r = 0; r < m_in.rows; ++r) {
            int64_t cell = 0;
            for (int i = 0; i < level; ++i)
                cell += stride[size_t(i)] * col[size_t(i)][r];
            int32_t slot;
            if (!slotOfCell.empty()) {
                slot = slotOfCell[size_t(cell)];
            } else {
                const auto it = slotOfSparseCell.find(cell);
                slot = it == slotOfSparseCell.end() ? -1 : it->second;
            }
            if (slot < 0) continue;
            SliceStats &s = stats[size_t(slot)];
            const int64_t e = loss[m_in.rowClass[r]];
            ++s.size;
            s.loss += e;
            s.positiveLoss += std::max<int64_t>(e, 0);
            s.maxLoss = std::max(s.maxLoss, e);
        }
        return stats;
    }

    Slice toSlice(Key key, int level, const SliceStats &stats) const
    {
        Slice s;
        const auto f = featuresOf(key, level);
        for (int i = 0; i < level; ++i)
            s.predicates.push_back({m_features.columnOf[size_t(f[size_t(i)])],
                                    m_features.valueOf[size_t(f[size_t(i)])]});
        s.stats = stats;
        s.score = sliceScore(m_set.alpha, m_total, m_in.rows, stats.loss, stats.size);
        return s;
    }

    void offer(Key key, int level, const SliceStats &stats)
    {
        if (stats.size < m_set.minSupport || stats.size == 0) return;
        Slice s = toSlice(key, level, stats);
        if (!(s.score > 0)) return;
        if (int(m_top.size()) == m_set.topK && !sliceRanksBefore(s, m_top.back())) return;
        m_top.insert(std::upper_bound(m_top.begin(), m_top.end(), s, sliceRanksBefore),
                     std::move(s));
        if (int(m_top.size()) > m_set.topK) m_top.pop_back();
    }

    // Whether a slice (or any sub-slice) with this upper bound could still enter the top-K. The
    // slack keeps rounding in the bound from pruning a slice that ties the K-th.
    bool mayEnter(double upperBound) const
    {
        const double slack = 1e-9 * std::max(1.0, std::abs(upperBound));
        if (int(m_top.size()) < m_set.topK) return upperBound + slack > 0;
        return upperBound + slack >= m_top.back().score;
    }

    double upperBound(int64_t size, int64_t positiveLoss, int64_t maxLoss) const
    {
        return sliceScoreUpperBound(m_set.alpha, m_total, m_in.rows, m_set.minSupport, size,
                                    positiveLoss, maxLoss);
    }

    SliceResult run(bool prune)
    {
        SliceResult result;
        result.rows = m_in.rows;
        m_total = totalLoss();
        result.totalLoss = m_total;
        if (m_in.rows == 0 || m_total <= 0) {
            result.note = QStringLiteral("The candidate lost no money overall, so there is no "
                                         "loss to locate (SliceLine divides by the mean loss).");
            return result;
        }
        std::unordered_map<Key, SliceStats> parents; // of the current level
        const int maxLevel = std::min({m_set.maxLevel, kMaxLevel, int(m_in.columns.size())});
        for (int level = 1; level <= maxLevel; ++level) {
            SliceLevel levelStats;
            levelStats.level = level;
            std::vector<Key> candidates = !prune       ? allCombinations(level)
                                          : level == 1 ? allCombinations(1)
                                                       : join(parents, level, levelStats);
            if (prune && level > 1)
                candidates = pruned(candidates, parents, level, levelStats);
            else
                levelStats.generated = int64_t(candidates.size());
            levelStats.evaluated = int64_t(candidates.size());
            std::map<std::array<int, kMaxLevel>, Group> groups;
            for (const Key key : candidates) {
                const auto f = featuresOf(key, level);
                std::array<int, kMaxLevel> columns{};
                for (int i = 0; i < level; ++i)
                    columns[size_t(i)] = m_features.columnOf[size_t(f[size_t(i)])];
                Group &g = groups[columns];
                g.columns = columns;
                g.keys.push_back(key);
            }
            std::unordered_map<Key, SliceStats> next;
            for (const auto &[columns, group] : groups) {
                const std::vector<SliceStats> stats = evaluate(group, level);
                for (size_t k = 0; k < group.keys.size(); ++k) {
                    offer(group.keys[k], level, stats[k]);
                    next.emplace(group.keys[k], stats[k]);
                }
            }
            // Survivors: big enough, some positive loss, and a bound that can still enter.
            parents.clear();
            for (const auto &[key, s] : next)
                if (s.size >= m_set.minSupport && s.positiveLoss > 0 &&
                    (!prune || mayEnter(upperBound(s.size, s.positiveLoss, s.maxLoss))))
                    parents.emplace(key, s);
            levelStats.kept = int64_t(parents.size());
            result.levels.push_back(levelStats);
            if (parents.empty() && prune) break;
        }
        result.top = m_top;
        return result;
    }

private:
    std::vector<Key> allCombinations(int level) const
    {
        std::vector<Key> keys;
        const int columns = int(m_in.columns.size());
        std::array<int, kMaxLevel> c{};
        std::function<void(int, int)> chooseColumns = [&](int depth, int from) {
            if (depth == level) {
                std::array<int, kMaxLevel> v{};
                std::function<void(int)> chooseValues = [&](int d) {
                    if (d == level) {
                        std::array<int, kMaxLevel> f{};
                        for (int i = 0; i < level; ++i)
                            f[size_t(i)] = m_features.offset[size_t(c[size_t(i)])] + v[size_t(i)];
                        keys.push_back(makeKey(f, level));
                        return;
                    }
                    for (v[size_t(d)] = 0; v[size_t(d)] < m_in.cardinality[size_t(c[size_t(d)])];
                         ++v[size_t(d)])
                        chooseValues(d + 1);
                };
                chooseValues(0);
                return;
            }
            for (int i = from; i < columns; ++i) {
                c[size_t(depth)] = i;
                chooseColumns(depth + 1, i + 1);
            }
        };
        chooseColumns(0, 0);
        return keys;
    }

    // SliceLine's candidate generation: pairs of parents sharing level - 2 predicates, found as
    // the entries of S·Sᵀ equal to level - 2, merged when the result constrains `level` distinct
    // columns; duplicates removed.
    std::vector<Key> join(const std::unordered_map<Key, SliceStats> &parents, int level,
                          SliceLevel &stats) const
    {
        std::vector<Key> parentKeys;
        parentKeys.reserve(parents.size());
        for (const auto &entry : parents)
            parentKeys.push_back(entry.first);
        std::sort(parentKeys.begin(), parentKeys.end());
        using Sparse = Eigen::SparseMatrix<int, Eigen::RowMajor>;
        Sparse s(Eigen::Index(parentKeys.size()), m_features.count());
        std::vector<Eigen::Triplet<int>> ones;
        for (size_t p = 0; p < parentKeys.size(); ++p) {
            const auto f = featuresOf(parentKeys[p], level - 1);
            for (int i = 0; i < level - 1; ++i)
                ones.emplace_back(int(p), f[size_t(i)], 1);
        }
        s.setFromTriplets(ones.begin(), ones.end());
        std::vector<Key> merged;
        auto consider = [&](size_t a, size_t b) {
            const auto fa = featuresOf(parentKeys[a], level - 1);
            const auto fb = featuresOf(parentKeys[b], level - 1);
            std::array<int, 2 * kMaxLevel> all{};
            int n = 0;
            for (int i = 0; i < level - 1; ++i)
                all[size_t(n++)] = fa[size_t(i)];
            for (int i = 0; i < level - 1; ++i)
                all[size_t(n++)] = fb[size_t(i)];
            sortPrefix(all, n);
            int distinct = 0;
            for (int i = 0; i < n; ++i)
                if (i == 0 || all[size_t(i)] != all[size_t(distinct - 1)])
                    all[size_t(distinct++)] = all[size_t(i)];
            n = distinct;
            if (n != level) return;
            std::array<int, kMaxLevel> f{};
            for (int i = 0; i < level; ++i) {
                f[size_t(i)] = all[size_t(i)];
                if (i > 0 && m_features.columnOf[size_t(all[size_t(i)])] ==
                                 m_features.columnOf[size_t(all[size_t(i - 1)])])
                    return; // two values of one column: an empty slice
            }
            merged.push_back(makeKey(f, level));
        };
        if (level == 2) { // no shared predicate: every pair
            for (size_t a = 0; a < parentKeys.size(); ++a)
                for (size_t b = a + 1; b < parentKeys.size(); ++b)
                    consider(a, b);
        } else {
            const Sparse shared = (s * Sparse(s.transpose())).pruned();
            for (Eigen::Index a = 0; a < shared.outerSize(); ++a)
                for (Sparse::InnerIterator it(shared, a); it; ++it)
                    if (it.col() > a && it.value() == level - 2)
                        consider(size_t(a), size_t(it.col()));
        }
        std::sort(merged.begin(), merged.end());
        merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
        stats.generated = int64_t(merged.size());
        return merged;
    }

    // Keeps a candidate when every parent survived and its bounds (the parents' smallest size,
    // positive loss and largest loss) leave it a chance to enter the top-K.
    std::vector<Key> pruned(const std::vector<Key> &candidates,
                            const std::unordered_map<Key, SliceStats> &parents, int level,
                            SliceLevel &stats) const
    {
        std::vector<Key> kept;
        int64_t complete = 0;
        for (const Key key : candidates) {
            const auto f = featuresOf(key, level);
            int64_t size = INT64_MAX, positive = INT64_MAX, maxLoss = INT64_MAX;
            bool allParents = true;
            for (int drop = 0; drop < level && allParents; ++drop) {
                std::array<int, kMaxLevel> p{};
                int n = 0;
                for (int i = 0; i < level; ++i)
                    if (i != drop) p[size_t(n++)] = f[size_t(i)];
                const auto it = parents.find(makeKey(p, level - 1));
                if (it == parents.end()) {
                    allParents = false;
                    break;
                }
                size = std::min(size, it->second.size);
                positive = std::min(positive, it->second.positiveLoss);
                maxLoss = std::min(maxLoss, it->second.maxLoss);
            }
            if (!allParents) continue;
            ++complete;
            if (mayEnter(upperBound(size, positive, maxLoss))) kept.push_back(key);
        }
        stats.generated = complete;
        return kept;
    }

    const SliceInput &m_in;
    SliceSettings m_set;
    const TaskControl *m_control;
    Features m_features;
    int64_t m_total = 0;
    std::vector<Slice> m_top;
};

} // namespace

SliceResult findSlices(const SliceInput &input, const SliceSettings &settings,
                       const TaskControl *control)
{
    return Search(input, settings, control).run(true);
}

SliceResult enumerateSlices(const SliceInput &input, const SliceSettings &settings)
{
    return Search(input, settings, nullptr).run(false);
}

} // namespace gr

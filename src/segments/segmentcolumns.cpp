#include "segmentcolumns.h"

#include "io/chunkedfile.h"
#include "io/predictionreader.h"
#include "metrics/testsetcheck.h"
#include "model/errors.h"
#include "model/numberparsing.h"
#include "model/taskcontrol.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <string_view>
#include <unordered_map>

namespace gr {

const QString &SegmentColumns::missingLabel()
{
    static const QString label = QStringLiteral("(missing)");
    return label;
}

namespace {

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool isMissing(std::string_view v)
{
    if (v.empty()) return true;
    if (v.size() > 4) return false;
    char lower[5] = {};
    for (size_t i = 0; i < v.size(); ++i)
        lower[i] = char(std::tolower(static_cast<unsigned char>(v[i])));
    const std::string_view l(lower, v.size());
    return l == "na" || l == "n/a" || l == "nan" || l == "null" || l == "none";
}

// Collects one column's values: a dictionary of texts (until it grows past the cap) and, while
// every present value is a number, the numbers.
class ColumnCollector
{
public:
    ColumnCollector(QString name, size_t rows, int cap) : m_cap(cap)
    {
        m_column.name = std::move(name);
        m_column.dictionary.reserve(size_t(cap) + 1); // stable: the index keys view into it
        m_column.codes.reserve(rows);
        m_column.numbers.reserve(rows);
    }

    void add(std::string_view value)
    {
        if (isMissing(value)) {
            ++m_column.missing;
            if (!m_column.tooManyValues) m_column.codes.push_back(RawSegmentColumn::kMissing);
            if (m_column.numeric) m_column.numbers.push_back(std::nan(""));
            return;
        }
        if (m_column.numeric) {
            const std::optional<double> v = parseDecimal(value);
            if (v && std::isfinite(*v)) {
                m_column.numbers.push_back(*v);
            } else {
                m_column.numeric = false;
                std::vector<double>().swap(m_column.numbers);
            }
        }
        if (m_column.tooManyValues) return;
        auto it = m_index.find(value);
        if (it == m_index.end()) {
            if (int(m_column.dictionary.size()) >= m_cap) {
                m_column.tooManyValues = true;
                std::vector<uint8_t>().swap(m_column.codes);
                m_index.clear();
                return;
            }
            m_column.dictionary.emplace_back(value);
            it =
                m_index.emplace(m_column.dictionary.back(), uint8_t(m_column.dictionary.size() - 1))
                    .first;
        }
        m_column.codes.push_back(it->second);
    }

    bool isDead() const { return m_column.tooManyValues && !m_column.numeric; }
    RawSegmentColumn take() { return std::move(m_column); }

private:
    int m_cap;
    RawSegmentColumn m_column;
    std::unordered_map<std::string_view, uint8_t> m_index;
};

} // namespace

RawSegmentFile readSegmentColumnsOfFile(const QString &path, const ColumnMapping &mapping,
                                        size_t rows, const SegmentSettings &settings,
                                        const TaskControl *control)
{
    RawSegmentFile out;
    out.path = path;
    ChunkedFile file(path);
    std::string buffer;
    bool more = file.readChunk(buffer);
    size_t nl = buffer.find('\n');
    while (nl == std::string::npos && more) {
        more = file.readChunk(buffer);
        nl = buffer.find('\n');
    }
    const std::string_view headerLine(buffer.data(), nl == std::string::npos ? buffer.size() : nl);
    const PredictionFileHeader header = parsePredictionHeader(headerLine, mapping, path);
    std::vector<int> fieldOf;
    std::vector<ColumnCollector> collectors;
    // Capped at 254 distinct values: code 255 is "missing".
    const int cap = std::min(settings.maxCategories, 254);
    // A numeric column needs its dictionary up to 2 x bins values only, but a text column up to
    // the category cap: collect up to the larger of the two.
    const int dictionaryCap = std::max(cap, 2 * settings.numericBins);
    for (int i = 0; i < int(header.names.size()); ++i) {
        const QString &name = header.names[i];
        if (i == header.id || i == header.label || i == header.score || name.isEmpty()) continue;
        if (!settings.include.isEmpty() && !settings.include.contains(name)) continue;
        if (settings.exclude.contains(name)) continue;
        fieldOf.push_back(i);
        collectors.emplace_back(name, rows, dictionaryCap);
    }
    if (collectors.empty()) return out;

    std::vector<std::string_view> fields(size_t(header.names.size()));
    size_t pos = nl == std::string::npos ? buffer.size() : nl + 1;
    size_t row = 0;
    while (true) {
        const size_t end = buffer.find('\n', pos);
        if (end == std::string::npos && more) {
            buffer.erase(0, pos);
            pos = 0;
            more = file.readChunk(buffer);
            if (control) control->checkCancelled();
            continue;
        }
        const std::string_view line(buffer.data() + pos,
                                    (end == std::string::npos ? buffer.size() : end) - pos);
        pos = end == std::string::npos ? buffer.size() : end + 1;
        if (!trimmed(line).empty()) {
            const int n =
                splitPredictionFields(line, header.delimiter, fields.data(), int(fields.size()));
            if (n != int(fields.size()) || row >= rows)
                throw InputError(path, PredictionSet::lineOfRow(row),
                                 QStringLiteral("the file changed while it was being read (its "
                                                "segment columns no longer match its rows)"));
            for (size_t c = 0; c < collectors.size(); ++c)
                collectors[c].add(trimmed(fields[size_t(fieldOf[c])]));
            ++row;
        }
        if (end == std::string::npos) break;
    }
    if (row != rows)
        throw InputError(path, QStringLiteral("the file changed while it was being read (%1 rows "
                                              "now, %2 before)")
                                   .arg(row)
                                   .arg(rows));
    for (ColumnCollector &c : collectors)
        out.columns.push_back(c.take());
    return out;
}

std::vector<double> quantileEdges(std::vector<double> present, int bins)
{
    std::vector<double> edges;
    if (present.empty()) return edges;
    const size_t n = present.size();
    // numpy.quantile's default ("linear") rule, operation for operation, so the edges are the
    // same doubles as the reference's: index (n - 1) * q, and numpy's two-sided lerp.
    for (int k = 0; k <= bins; ++k) {
        const double q = double(k) / double(bins);
        const double virtualIndex = double(n - 1) * q;
        const double below = std::floor(virtualIndex);
        const size_t lo = std::min(size_t(below), n - 1), hi = std::min(lo + 1, n - 1);
        std::nth_element(present.begin(), present.begin() + std::ptrdiff_t(lo), present.end());
        const double a = present[lo];
        const double b =
            hi == lo ? a
                     : *std::min_element(present.begin() + std::ptrdiff_t(lo) + 1, present.end());
        const double t = virtualIndex - below;
        const double diff = b - a;
        edges.push_back(t >= 0.5 ? b - diff * (1 - t) : a + diff * t);
    }
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    if (edges.size() == 1) edges.push_back(edges.front());
    return edges;
}

QString binLabel(double low, double high, bool last)
{
    return QStringLiteral("[%1, %2%3")
        .arg(QString::number(low, 'g', 6), QString::number(high, 'g', 6),
             last ? QStringLiteral("]") : QStringLiteral(")"));
}

namespace {

QString fileName(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? path : path.mid(slash + 1);
}

QString shownValue(const RawSegmentColumn &c, size_t row)
{
    if (c.numeric && !c.numbers.empty())
        return std::isnan(c.numbers[row]) ? SegmentColumns::missingLabel()
                                          : QString::number(c.numbers[row], 'g', 17);
    const uint8_t code = c.codes[row];
    return code == RawSegmentColumn::kMissing
               ? SegmentColumns::missingLabel()
               : QStringLiteral("'%1'").arg(QString::fromStdString(c.dictionary[code]).left(60));
}

bool sameValue(const RawSegmentColumn &a, size_t i, const RawSegmentColumn &b, size_t j)
{
    if (a.numeric && b.numeric) {
        const double x = a.numbers[i], y = b.numbers[j];
        return x == y || (std::isnan(x) && std::isnan(y));
    }
    const uint8_t x = a.codes[i], y = b.codes[j];
    if (x == RawSegmentColumn::kMissing || y == RawSegmentColumn::kMissing) return x == y;
    return a.dictionary[x] == b.dictionary[y];
}

// Both files carry the column: every row id must have the same value in both.
void requireAgreement(const RawSegmentColumn &champion, const RawSegmentFile &championFile,
                      const PredictionSet &championRows, const RawSegmentColumn &candidate,
                      const RawSegmentFile &candidateFile, const TestSetCheck &pairing)
{
    const QString what = QStringLiteral("segment column '%1'").arg(champion.name.left(60));
    const bool comparable = (champion.numeric && candidate.numeric) ||
                            (!champion.tooManyValues && !candidate.tooManyValues);
    if (!comparable) {
        if (champion.numeric != candidate.numeric)
            throw InputError(
                candidateFile.path,
                QStringLiteral("%1 holds numbers in %2 but text in %3; both runs were "
                               "scored on the same test set, so its values must be "
                               "the same (or exclude it: policy segments.exclude)")
                    .arg(what, fileName(champion.numeric ? championFile.path : candidateFile.path),
                         fileName(champion.numeric ? candidateFile.path : championFile.path)));
        return; // both too varied to be used: left out later with a note
    }
    QStringList examples;
    int64_t differing = 0;
    qint64 firstLine = 0;
    for (size_t k = 0; k < championRows.size(); ++k) {
        const size_t i = championRows.rowInIdOrder(k);
        const size_t j = pairing.candidateRow(i);
        if (sameValue(champion, i, candidate, j)) continue;
        if (++differing > 3) continue;
        if (firstLine == 0) firstLine = PredictionSet::lineOfRow(j);
        examples << QStringLiteral("row id %1 is %2 in %3 (line %4) but %5 in %6 (line %7)")
                        .arg(championRows.ids.toString(i).left(60), shownValue(champion, i),
                             fileName(championFile.path))
                        .arg(PredictionSet::lineOfRow(i))
                        .arg(shownValue(candidate, j), fileName(candidateFile.path))
                        .arg(PredictionSet::lineOfRow(j));
    }
    if (differing == 0) return;
    throw InputError(candidateFile.path, firstLine,
                     QStringLiteral("%1 differs between the runs on %2 rows, though both were "
                                    "scored on the same test set: %3%4. Fix the file, drop the "
                                    "column from one of them, or exclude it (policy "
                                    "segments.exclude)")
                         .arg(what)
                         .arg(differing)
                         .arg(examples.join(QStringLiteral("; ")),
                              differing > 3 ? QStringLiteral("; …") : QString()));
}

// The column's codes, looked up for the champion's row i: `rowOf(i)` is the row in `raw`'s file.
template <typename RowOf>
SegmentColumn toSegments(const RawSegmentColumn &raw, size_t rows, RowOf rowOf,
                         const SegmentSettings &settings, QStringList &notes)
{
    SegmentColumn out;
    out.name = raw.name;
    const bool anyMissing = raw.missing > 0;
    const bool smallNumeric =
        raw.numeric && !raw.tooManyValues && int(raw.dictionary.size()) <= 2 * settings.numericBins;
    if (!raw.numeric || smallNumeric) {
        if (raw.tooManyValues || int(raw.dictionary.size()) > settings.maxCategories) {
            notes << QStringLiteral("Segment column '%1' left out: more than %2 distinct values "
                                    "(an id or free text?).")
                         .arg(raw.name.left(60))
                         .arg(settings.maxCategories);
            return {};
        }
        // Values in a stable order: numerically for numbers, bytewise for text.
        std::vector<uint8_t> order(raw.dictionary.size());
        std::iota(order.begin(), order.end(), uint8_t(0));
        std::vector<double> asNumber(raw.dictionary.size());
        for (size_t d = 0; d < raw.dictionary.size(); ++d)
            asNumber[d] = raw.numeric ? parseDecimal(raw.dictionary[d]).value_or(0) : 0;
        std::stable_sort(order.begin(), order.end(), [&](uint8_t a, uint8_t b) {
            if (raw.numeric && asNumber[a] != asNumber[b]) return asNumber[a] < asNumber[b];
            return raw.dictionary[a] < raw.dictionary[b];
        });
        std::array<uint8_t, 256> recode{};
        for (size_t k = 0; k < order.size(); ++k) {
            recode[order[k]] = uint8_t(k);
            out.values << QString::fromStdString(raw.dictionary[order[k]]);
        }
        recode[RawSegmentColumn::kMissing] = uint8_t(order.size());
        if (anyMissing) out.values << SegmentColumns::missingLabel();
        out.codes.resize(rows);
        for (size_t i = 0; i < rows; ++i)
            out.codes[i] = recode[raw.codes[rowOf(i)]];
        return out;
    }
    std::vector<double> present;
    present.reserve(size_t(int64_t(raw.numbers.size()) - raw.missing));
    for (const double v : raw.numbers)
        if (!std::isnan(v)) present.push_back(v);
    const bool whole =
        std::all_of(present.begin(), present.end(), [](double v) { return v == std::floor(v); });
    if (whole) {
        std::vector<double> sorted = present;
        std::sort(sorted.begin(), sorted.end());
        if (std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end()) {
            notes << QStringLiteral("Segment column '%1' left out: every value is a different "
                                    "whole number (an id?).")
                         .arg(raw.name.left(60));
            return {};
        }
    }
    out.kind = SegmentColumn::Kind::Binned;
    out.edges = quantileEdges(std::move(present), settings.numericBins);
    const size_t bins = out.edges.size() - 1;
    for (size_t b = 0; b < bins; ++b)
        out.values << binLabel(out.edges[b], out.edges[b + 1], b + 1 == bins);
    if (anyMissing) out.values << SegmentColumns::missingLabel();
    // Bin b holds edges[b] <= v < edges[b + 1]; the last bin also holds the maximum.
    const auto interiorBegin = out.edges.begin() + 1, interiorEnd = out.edges.end() - 1;
    out.codes.resize(rows);
    for (size_t i = 0; i < rows; ++i) {
        const double v = raw.numbers[rowOf(i)];
        out.codes[i] =
            std::isnan(v)
                ? uint8_t(bins)
                : uint8_t(std::upper_bound(interiorBegin, interiorEnd, v) - interiorBegin);
    }
    return out;
}

} // namespace

SegmentColumns reconcileSegmentColumns(const RawSegmentFile &champion,
                                       const PredictionSet &championRows,
                                       const RawSegmentFile &candidate,
                                       const PredictionSet &candidateRows,
                                       const TestSetCheck &pairing, const SegmentSettings &settings)
{
    Q_UNUSED(candidateRows);
    SegmentColumns out;
    auto find = [](const RawSegmentFile &f, const QString &name) -> const RawSegmentColumn * {
        for (const RawSegmentColumn &c : f.columns)
            if (c.name == name) return &c;
        return nullptr;
    };
    for (const QString &name : settings.include)
        if (!find(champion, name) && !find(candidate, name))
            throw InputError(
                champion.path,
                QStringLiteral("the policy's segments.include names column '%1', but "
                               "neither prediction file (%2, %3) has it")
                    .arg(name.left(60), fileName(champion.path), fileName(candidate.path)));
    QStringList names;
    for (const RawSegmentColumn &c : champion.columns)
        names << c.name;
    for (const RawSegmentColumn &c : candidate.columns)
        if (!names.contains(c.name)) names << c.name;
    const size_t rows = championRows.size();
    for (const QString &name : names) {
        const RawSegmentColumn *a = find(champion, name);
        const RawSegmentColumn *b = find(candidate, name);
        if (a && b) requireAgreement(*a, champion, championRows, *b, candidate, pairing);
        const RawSegmentColumn &raw = a ? *a : *b;
        if (raw.missing == int64_t(rows)) {
            out.notes << QStringLiteral("Segment column '%1' left out: every value is missing.")
                             .arg(name.left(60));
            continue;
        }
        SegmentColumn column = a ? toSegments(
                                       raw, rows, [](size_t i) { return i; }, settings, out.notes)
                                 : toSegments(
                                       raw, rows, [&](size_t i) { return pairing.candidateRow(i); },
                                       settings, out.notes);
        if (column.codes.empty()) continue;
        column.source =
            a && b ? QStringLiteral("both files") : fileName(a ? champion.path : candidate.path);
        out.columns.push_back(std::move(column));
    }
    return out;
}

} // namespace gr

// gatereview_bench --slices [ROWS]
//
// SliceLine on the paired dollar loss, on synthetic data shaped like the target: ROWS
// (default 1,000,000) rows, 8 segment columns of 3 to 20 values, up to 3 predicates, a planted
// slice where the candidate loses. Prints one JSON line: the pruned search's time beside the
// exhaustive enumeration's (every conjunction evaluated, the brute-force baseline), at the default
// minimum support (1% of the rows) and at a low one (100 rows), the candidates each generated and
// evaluated, and whether both found the same top-K. Also times reading 8 segment columns from a
// CSV (the second pass over a prediction file) beside the prediction reader's pass.
#include "io/predictionreader.h"
#include "model/money.h"
#include "segments/segmentcolumns.h"
#include "segments/sliceline.h"
#include "slicedata.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cstdio>
#include <random>

namespace gr {

namespace {

double secondsSince(QElapsedTimer &t)
{
    const double s = double(t.nsecsElapsed()) / 1e9;
    t.restart();
    return s;
}

struct SyntheticSegments : test::SliceData
{
    explicit SyntheticSegments(int64_t rows)
    {
        cardinality = {20, 20, 12, 8, 5, 20, 3, 16};
        std::mt19937_64 rng(13);
        for (const int c : cardinality) {
            std::vector<uint8_t> codes(static_cast<size_t>(rows));
            for (auto &v : codes)
                v = uint8_t(rng() % uint64_t(c));
            columns.push_back(std::move(codes));
        }
        // The 16 transitions (champion cell x candidate cell) under the default cell values.
        const int64_t value[4] = {500'000'000, -100'000'000, -300'000'000, 0};
        for (int k = 0; k < 16; ++k)
            lossOfClass.push_back(value[k / 4] - value[k % 4]);
        rowClass.resize(static_cast<size_t>(rows));
        for (int64_t r = 0; r < rows; ++r) {
            const uint64_t u = rng() % 1000;
            // Mostly agreement; a few rows each way; more candidate misses where plan = 3 and
            // region = 7 (columns 0 and 1), the planted slice.
            const bool planted = columns[0][size_t(r)] == 3 && columns[1][size_t(r)] == 7;
            const uint64_t miss = planted ? 300 : 40, gain = 35;
            rowClass[size_t(r)] = u < miss               ? uint8_t(4 * 0 + 2) // TP -> FN
                                  : u < miss + gain      ? uint8_t(4 * 2 + 0) // FN -> TP
                                  : u < miss + gain + 30 ? uint8_t(4 * 3 + 1) // TN -> FP
                                                         : uint8_t(u % 2 ? 0 : 15);
        }
    }
};

QJsonObject timeSearch(const SliceInput &input, int64_t minSupport)
{
    const SliceSettings settings{5, 3, 0.95, minSupport};
    QElapsedTimer t;
    t.start();
    const SliceResult pruned = findSlices(input, settings);
    const double prunedSeconds = secondsSince(t);
    const SliceResult all = enumerateSlices(input, settings);
    const double exhaustiveSeconds = secondsSince(t);
    bool same = pruned.top.size() == all.top.size();
    for (size_t i = 0; same && i < all.top.size(); ++i)
        same = pruned.top[i].predicates == all.top[i].predicates &&
               pruned.top[i].score == all.top[i].score;
    QJsonArray levels;
    for (const SliceLevel &l : pruned.levels)
        levels.append(QStringLiteral("L%1: %2 generated, %3 evaluated, %4 kept")
                          .arg(l.level)
                          .arg(l.generated)
                          .arg(l.evaluated)
                          .arg(l.kept));
    int64_t exhaustiveCandidates = 0;
    for (const SliceLevel &l : all.levels)
        exhaustiveCandidates += l.evaluated;
    return QJsonObject{{QStringLiteral("min_support"), double(minSupport)},
                       {QStringLiteral("sliceline_s"), prunedSeconds},
                       {QStringLiteral("exhaustive_s"), exhaustiveSeconds},
                       {QStringLiteral("exhaustive_candidates"), double(exhaustiveCandidates)},
                       {QStringLiteral("levels"), levels},
                       {QStringLiteral("same_top_k"), same},
                       {QStringLiteral("top_slice_rows"),
                        pruned.top.empty() ? 0.0 : double(pruned.top.front().stats.size)},
                       {QStringLiteral("top_slice_predicates"),
                        pruned.top.empty() ? 0 : int(pruned.top.front().predicates.size())}};
}

// Reading cost: a CSV with id, label, score and the 8 columns as text.
QJsonObject timeReading(const SyntheticSegments &data)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("segments.csv"));
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) return {};
        QByteArray chunk = "row_id,y_true,y_score,c0,c1,c2,c3,c4,c5,c6,c7\n";
        for (size_t r = 0; r < data.rowClass.size(); ++r) {
            chunk += QByteArray::number(qulonglong(r + 1)) + (r % 3 ? ",0,0." : ",1,0.") +
                     QByteArray::number(qulonglong(r % 9973));
            for (size_t c = 0; c < data.columns.size(); ++c)
                chunk += ",v" + QByteArray::number(data.columns[c][r]);
            chunk += '\n';
            if (chunk.size() > (1 << 22)) {
                f.write(chunk);
                chunk.clear();
            }
        }
        f.write(chunk);
    }
    QElapsedTimer t;
    t.start();
    const PredictionSet set = PredictionReader().read(path);
    const double reader = secondsSince(t);
    const RawSegmentFile raw = readSegmentColumnsOfFile(path, {}, set.size(), SegmentSettings());
    const double segments = secondsSince(t);
    return QJsonObject{{QStringLiteral("prediction_reader_s"), reader},
                       {QStringLiteral("segment_columns_pass_s"), segments},
                       {QStringLiteral("segment_columns"), int(raw.columns.size())}};
}

} // namespace

int runSliceBench(const QStringList &args)
{
    const int64_t rows = args.size() > 1 ? args[1].toLongLong() : 1'000'000;
    const SyntheticSegments data(rows);
    const SliceInput input = data.input();
    const QJsonObject out{{QStringLiteral("rows"), double(rows)},
                          {QStringLiteral("columns"), int(data.columns.size())},
                          {QStringLiteral("default_support"),
                           timeSearch(input, std::max<int64_t>(10, (rows + 99) / 100))},
                          {QStringLiteral("low_support"), timeSearch(input, 100)},
                          {QStringLiteral("reading"), timeReading(data)}};
    std::puts(QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}

} // namespace gr

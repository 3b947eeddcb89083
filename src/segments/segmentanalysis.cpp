#include "segmentanalysis.h"
#include "io/parquetreader.h"

#include "gate/gatereport.h"
#include "model/parallel.h"

#include <QFileInfo>
#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace gr {

QString SegmentAnalysis::segmentName(const SegmentComparison &s) const
{
    const SegmentColumn &c = columns.columns[size_t(s.column)];
    return QStringLiteral("%1 = %2").arg(c.name, c.values[s.value]);
}

bool SegmentAnalysis::contains(const Slice &slice, size_t row) const
{
    for (const SlicePredicate &p : slice.predicates)
        if (columns.columns[size_t(p.column)].codes[row] != p.value) return false;
    return true;
}

namespace {

RawSegmentFile readSide(const Run &run, const ColumnMapping &mapping,
                        const SegmentSettings &settings, const TaskControl *control,
                        QStringList &notes)
{
    const QString &path = run.predictions.source;
    const QFileInfo info(path);
    if (!info.isFile()) {
        notes << QStringLiteral("Segment columns of %1 were not read: it is not a local file that "
                                "can be read a second time (a pipe or a remote artifact).")
                     .arg(path);
        return {path, {}};
    }
    if (isParquetFile(path)) {
        notes << QStringLiteral("Segment columns of %1 were not read: segments are read from CSV "
                                "and TSV prediction files; this one is Parquet.")
                     .arg(path);
        return {path, {}};
    }
    return readSegmentColumnsOfFile(path, mapping, run.predictions.size(), settings, control);
}

QString percent(double share)
{
    return QStringLiteral("%1%").arg(share * 100, 0, 'f', 1);
}

} // namespace

SegmentColumns loadSegmentColumns(const GateReport &report, const ColumnMapping &championColumns,
                                  const ColumnMapping &candidateColumns, const TaskControl *control)
{
    const SegmentSettings &settings = report.policy.segments;
    QStringList championNotes, candidateNotes;
    auto [champion, candidate] = inParallel(
        [&] {
            return readSide(*report.champion.run, championColumns, settings, control,
                            championNotes);
        },
        [&] {
            return readSide(*report.candidate.run, candidateColumns, settings, control,
                            candidateNotes);
        });
    SegmentColumns columns =
        reconcileSegmentColumns(champion, report.champion.run->predictions, candidate,
                                report.candidate.run->predictions, report.testSet, settings);
    columns.notes = championNotes + candidateNotes + columns.notes;
    return columns;
}

std::vector<uint8_t> pairedRowTransitions(const GateReport &report)
{
    const PredictionSet &champion = report.champion.run->predictions;
    const PredictionSet &candidate = report.candidate.run->predictions;
    const double t1 = report.champion.run->threshold, t2 = report.candidate.run->threshold;
    std::vector<uint8_t> out(champion.size());
    for (size_t i = 0; i < champion.size(); ++i) {
        const bool y = champion.labels[i];
        const size_t j = report.testSet.candidateRow(i);
        out[i] = transitionCode(cellOf(y, champion.scores[i] >= t1),
                                cellOf(y, candidate.scores[j] >= t2));
    }
    return out;
}

SegmentAnalysis analyseSegments(const GateReport &report, SegmentColumns columns,
                                const TaskControl *control)
{
    SegmentAnalysis a;
    a.settings = report.policy.segments;
    a.currency = report.policy.currency;
    a.level = report.policy.bootstrap.level;
    a.columns = std::move(columns);
    a.notes = a.columns.notes;
    a.transitions = pairedRowTransitions(report);
    const CellValues &values = report.policy.values;
    a.segments = compareSegments(a.columns, a.transitions, values, a.level, a.settings.fdr);

    std::array<int64_t, 16> perClass{};
    for (const uint8_t t : a.transitions)
        ++perClass[t];
    SliceInput input;
    input.rows = int64_t(a.transitions.size());
    input.rowClass = a.transitions.data();
    MoneySum total;
    int64_t largest = 0;
    for (int k = 0; k < 16; ++k) {
        const Money loss = values.of(Cell(k / 4)) - values.of(Cell(k % 4));
        input.lossOfClass.push_back(loss.micros());
        total.add(loss, perClass[size_t(k)]);
        largest = std::max(largest, loss.abs().micros());
    }
    a.totalLoss = total.total();
    for (const SegmentColumn &c : a.columns.columns) {
        input.columns.push_back(c.codes.data());
        input.cardinality.push_back(int(c.values.size()));
    }
    a.minSupport = a.settings.minSupportFor(input.rows);
    if (a.columns.columns.empty()) return a;
    if (largest > 0 && input.rows > INT64_MAX / largest) {
        a.notes << QStringLiteral("Slices were not searched: the summed losses could leave the "
                                  "exact money range.");
        return a;
    }
    const SliceSettings settings{a.settings.topK, a.settings.maxLevel, a.settings.alpha,
                                 a.minSupport};
    a.search = findSlices(input, settings, control);
    if (!a.search.note.isEmpty()) a.notes << a.search.note;
    for (const Slice &slice : a.search.top) {
        SliceFinding f;
        f.slice = slice;
        QStringList parts;
        for (const SlicePredicate &p : slice.predicates) {
            const SegmentColumn &c = a.columns.columns[size_t(p.column)];
            parts << QStringLiteral("%1 = %2").arg(c.name, c.values[p.value]);
        }
        f.description = parts.join(QStringLiteral(" AND "));
        f.loss = Money::fromMicros(slice.stats.loss);
        MoneySum champion, candidate;
        for (size_t i = 0; i < a.transitions.size(); ++i) {
            if (!a.contains(slice, i)) continue;
            champion.add(values.of(Cell(a.transitions[i] / 4)));
            candidate.add(values.of(Cell(a.transitions[i] % 4)));
        }
        f.championNetBenefit = champion.total();
        f.candidateNetBenefit = candidate.total();
        f.shareOfLoss = a.totalLoss.isPositive() ? f.loss.toDouble() / a.totalLoss.toDouble() : 0;
        a.slices.push_back(f);
    }
    return a;
}

std::vector<const SegmentComparison *> segmentsByLoss(const SegmentAnalysis &analysis)
{
    std::vector<const SegmentComparison *> out;
    for (const SegmentComparison &s : analysis.segments)
        out.push_back(&s);
    std::stable_sort(out.begin(), out.end(), [](const auto *a, const auto *b) {
        if (a->flagged != b->flagged) return a->flagged;
        return a->delta < b->delta;
    });
    return out;
}

QStringList sliceFindings(const SegmentAnalysis &a)
{
    QStringList out;
    if (!a.hasSegments()) return out;
    if (a.slices.empty()) {
        if (a.totalLoss.isPositive())
            out << QStringLiteral("No slice of at least %1 rows concentrates the candidate's loss "
                                  "of %2 (SliceLine over %3 segment columns).")
                       .arg(formatCount(a.minSupport), formatMoney(a.totalLoss, a.currency))
                       .arg(a.columns.columns.size());
        return out;
    }
    const SliceFinding &top = a.slices.front();
    const QString method =
        QStringLiteral("the top slice found by SliceLine over %1 segment columns")
            .arg(a.columns.columns.size());
    if (top.loss <= a.totalLoss)
        out << QStringLiteral(
                   "The candidate lost %1 of its %2 on %3 (%4 of the loss, %5 rows): %6.")
                   .arg(formatMoney(top.loss, a.currency), formatMoney(a.totalLoss, a.currency),
                        top.description, percent(top.shareOfLoss),
                        formatCount(top.slice.stats.size), method);
    else // the rest of the rows made part of it up
        out << QStringLiteral(
                   "The candidate lost %1 on %2 (%3 rows), more than its net loss of %4: "
                   "it made part of it up on the other rows; %5.")
                   .arg(formatMoney(top.loss, a.currency), top.description,
                        formatCount(top.slice.stats.size), formatMoney(a.totalLoss, a.currency),
                        method);
    if (a.slices.size() > 1) {
        QStringList next;
        for (size_t k = 1; k < std::min<size_t>(a.slices.size(), 3); ++k)
            next << QStringLiteral("%1 (%2)").arg(a.slices[k].description,
                                                  formatMoney(a.slices[k].loss, a.currency));
        out << QStringLiteral("Next: %1.").arg(next.join(QStringLiteral("; ")));
    }
    return out;
}

QStringList segmentFindings(const SegmentAnalysis &a)
{
    QStringList out;
    if (!a.hasSegments()) return out;
    QStringList flagged;
    for (const SegmentComparison *s : segmentsByLoss(a)) {
        if (!s->flagged || flagged.size() == 3) continue;
        flagged << QStringLiteral("%1 (ΔNB %2, adjusted p = %3)")
                       .arg(a.segmentName(*s), formatSignedMoney(s->delta, a.currency),
                            formatPValue(s->adjustedP));
    }
    if (flagged.isEmpty())
        out << QStringLiteral("No segment's net-benefit change stands out after the "
                              "Benjamini–Hochberg correction over %1 segments (FDR %2).")
                   .arg(a.segments.size())
                   .arg(percent(a.settings.fdr));
    else
        out << QStringLiteral("Segments whose net-benefit change stands out (Benjamini–Hochberg "
                              "over %1 segments, FDR %2): %3.")
                   .arg(a.segments.size())
                   .arg(percent(a.settings.fdr), flagged.join(QStringLiteral("; ")));
    if (!a.slices.empty())
        out << QStringLiteral("The worst slice for the candidate: %1.")
                   .arg(a.slices.front().description);
    return out;
}

QJsonObject segmentAnalysisToJson(const SegmentAnalysis &a, int maxSegments)
{
    QJsonArray columns;
    for (const SegmentColumn &c : a.columns.columns)
        columns.append(QJsonObject{{QStringLiteral("name"), c.name},
                                   {QStringLiteral("kind"), c.kind == SegmentColumn::Kind::Binned
                                                                ? QStringLiteral("quantile bins")
                                                                : QStringLiteral("categories")},
                                   {QStringLiteral("values"), QJsonArray::fromStringList(c.values)},
                                   {QStringLiteral("source"), c.source}});
    QJsonArray segments;
    for (const SegmentComparison *s : segmentsByLoss(a)) {
        if (maxSegments >= 0 && segments.size() >= maxSegments) break;
        segments.append(QJsonObject{
            {QStringLiteral("column"), a.columns.columns[size_t(s->column)].name},
            {QStringLiteral("value"), a.columns.columns[size_t(s->column)].values[s->value]},
            {QStringLiteral("rows"), double(s->rows)},
            {QStringLiteral("positives"), double(s->positives)},
            {QStringLiteral("champion_net_benefit"), s->championNetBenefit.toJson()},
            {QStringLiteral("candidate_net_benefit"), s->candidateNetBenefit.toJson()},
            {QStringLiteral("delta"), s->delta.toJson()},
            {QStringLiteral("delta_low"), s->deltaLow},
            {QStringLiteral("delta_high"), s->deltaHigh},
            {QStringLiteral("p_value"), s->pValue},
            {QStringLiteral("adjusted_p"), s->adjustedP},
            {QStringLiteral("flagged"), s->flagged},
            {QStringLiteral("cell_delta"),
             QJsonObject{{QStringLiteral("tp"), double(s->countDelta[0])},
                         {QStringLiteral("fp"), double(s->countDelta[1])},
                         {QStringLiteral("fn"), double(s->countDelta[2])},
                         {QStringLiteral("tn"), double(s->countDelta[3])}}},
            {QStringLiteral("champion_only_right"), double(s->championOnlyRight)},
            {QStringLiteral("candidate_only_right"), double(s->candidateOnlyRight)},
            {QStringLiteral("both_wrong"), double(s->bothWrong)}});
    }
    QJsonArray slices;
    for (const SliceFinding &f : a.slices) {
        QJsonArray predicates;
        for (const SlicePredicate &p : f.slice.predicates)
            predicates.append(QJsonObject{
                {QStringLiteral("column"), a.columns.columns[size_t(p.column)].name},
                {QStringLiteral("value"), a.columns.columns[size_t(p.column)].values[p.value]}});
        slices.append(
            QJsonObject{{QStringLiteral("description"), f.description},
                        {QStringLiteral("predicates"), predicates},
                        {QStringLiteral("rows"), double(f.slice.stats.size)},
                        {QStringLiteral("loss"), f.loss.toJson()},
                        {QStringLiteral("share_of_loss"), f.shareOfLoss},
                        {QStringLiteral("score"), f.slice.score},
                        {QStringLiteral("champion_net_benefit"), f.championNetBenefit.toJson()},
                        {QStringLiteral("candidate_net_benefit"), f.candidateNetBenefit.toJson()}});
    }
    return QJsonObject{{QStringLiteral("columns"), columns},
                       {QStringLiteral("notes"), QJsonArray::fromStringList(a.notes)},
                       {QStringLiteral("total_loss"), a.totalLoss.toJson()},
                       {QStringLiteral("min_support"), double(a.minSupport)},
                       {QStringLiteral("alpha"), a.settings.alpha},
                       {QStringLiteral("max_level"), a.settings.maxLevel},
                       {QStringLiteral("fdr"), a.settings.fdr},
                       {QStringLiteral("segments_tested"), double(a.segments.size())},
                       {QStringLiteral("segments"), segments},
                       {QStringLiteral("slices"), slices}};
}

} // namespace gr

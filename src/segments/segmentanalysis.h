#pragma once
// "Where it lost": the segment columns of a paired review, the per-segment comparison and the
// top slices of the paired dollar loss, computed once per gate report (docs/segments.md).
//
// The loss of a row is value(champion's cell) − value(candidate's cell) at each model's threshold
// under the policy's cell values: positive where the candidate earned less than the champion on
// that row. The rows' losses sum to −ΔNB, the candidate's total loss.
#include "segmentcomparison.h"
#include "sliceline.h"

#include <QJsonObject>

namespace gr {

struct GateReport;
struct ColumnMapping;

struct SliceFinding
{
    Slice slice;
    QString description; // "plan = annual AND region = EU"
    Money loss;          // summed loss of its rows (= champion NB − candidate NB on them)
    Money championNetBenefit, candidateNetBenefit;
    double shareOfLoss = 0; // loss / the total loss
};

struct SegmentAnalysis
{
    SegmentColumns columns;
    std::vector<uint8_t> transitions; // per champion row: transitionCode(champion, candidate)
    std::vector<SegmentComparison> segments;
    std::vector<SliceFinding> slices; // best first
    SliceResult search;               // the search's counts (levels, pruning)
    Money totalLoss;                  // champion NB − candidate NB
    SegmentSettings settings;
    int64_t minSupport = 0;
    double level = 0.95;
    QString currency = QStringLiteral("USD");
    QStringList notes; // columns left out, files not read, why no slices

    bool hasSegments() const { return !columns.columns.empty(); }
    QString segmentName(const SegmentComparison &s) const; // "region = EU"
    // Whether champion row `row` lies in the slice.
    bool contains(const Slice &slice, size_t row) const;
};

// Reads both runs' segment columns (a second pass over each prediction file, in parallel) and
// reconciles them. Files that cannot be read twice (pipes) or are not local are skipped with a
// note. Throws InputError (mismatched values, an included column nobody has) and Cancelled.
SegmentColumns loadSegmentColumns(const GateReport &report, const ColumnMapping &championColumns,
                                  const ColumnMapping &candidateColumns,
                                  const TaskControl *control = nullptr);

// Needs a paired report (report.comparison set). Throws Cancelled.
SegmentAnalysis analyseSegments(const GateReport &report, SegmentColumns columns,
                                const TaskControl *control = nullptr);

std::vector<uint8_t> pairedRowTransitions(const GateReport &report);

// Sentences for diagnosis step 1 (where the dollars went: the top slices) and step 3 (which
// segments differ significantly).
QStringList sliceFindings(const SegmentAnalysis &analysis);
QStringList segmentFindings(const SegmentAnalysis &analysis);

QJsonObject segmentAnalysisToJson(const SegmentAnalysis &analysis, int maxSegments = -1);

// The segments worth showing first: flagged ones, then by ΔNB (most lost first).
std::vector<const SegmentComparison *> segmentsByLoss(const SegmentAnalysis &analysis);

} // namespace gr

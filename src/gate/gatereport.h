#pragma once
// The outcome of a gate evaluation: every number behind the verdict, per layer.
#include "gatepolicy.h"
#include "metrics/modelmetrics.h"
#include "metrics/pairedcomparison.h"
#include "metrics/testsetcheck.h"
#include "metrics/thresholdsweep.h"
#include "model/run.h"

#include <memory>
#include <optional>
#include <QDateTime>

namespace gr {

struct SegmentAnalysis; // segments/segmentanalysis.h

enum class LayerResult
{
    Pass,
    Fail,
    NotRun
};
enum class GateResult
{
    Promoted,
    NotPromoted,
    Invalid
};

QString toString(LayerResult r); // "PASS", "FAIL", "NOT_RUN"
QString toString(GateResult r);  // "PROMOTED", "NOT_PROMOTED", "INVALID"

struct CheckOutcome
{
    QString id;          // stable id, e.g. "registration.f1"
    QString description; // "candidate f1 > 0.2"
    std::optional<double> actual;
    std::optional<double> limit;
    LayerResult result = LayerResult::NotRun;
    QString detail; // why, in words
    // Exact amounts of a money check (actual/limit then hold their nearest doubles).
    std::optional<Money> actualMoney{};
    std::optional<Money> limitMoney{};
    // Actual and limit are whole counts (rows, intervals): shown "20,000", never "20000.0000".
    bool counts = false;
};

// A check's actual (or limit) as a person reads it: money exactly, counts with thousands
// separators, other numbers as QString::number(v, format, precision); "—" when there is none.
QString formatCheckValue(const CheckOutcome &check, bool limit, const QString &currency,
                         char format = 'g', int precision = 6);

struct LayerOutcome
{
    int id = 0; // 1 registration, 2 champion-challenger, 3 CI/CD gate, 4 canary
    QString name;
    LayerResult result = LayerResult::NotRun;
    QList<CheckOutcome> checks;
    QString summary;
};

struct ModelEvaluation
{
    std::shared_ptr<const Run> run;
    std::shared_ptr<const ThresholdSweep> sweep;
    ModelMetrics metrics;
};

struct GateReport
{
    GatePolicy policy;
    TestSetCheck testSet;
    ModelEvaluation champion;
    ModelEvaluation candidate;
    std::optional<PairedComparison> comparison; // only for an identical test set
    QList<LayerOutcome> layers;                 // always four, in order
    GateResult result = GateResult::Invalid;
    QStringList reasons;
    QDateTime evaluatedAt;
    QString appVersion;
    // "Where it lost": per-segment comparison and top slices, when the test set is paired and
    // the prediction files carry segment columns (attached by openReview; never changes the
    // verdict).
    std::shared_ptr<const SegmentAnalysis> segments;

    const LayerOutcome &layer(int id) const { return layers[id - 1]; }
};

} // namespace gr

#pragma once
// The evidence behind the four diagnosis steps after a gate, computed from a GateReport: where
// the net-benefit change came from and whether it is real (1), whether the data moved (2),
// how each model behaves away from its operating threshold (3), and the choices (4). Each step
// carries structured numbers for tables and `findings`: plain sentences for people.
#include "dvclock.h"
#include "gate/gatereport.h"
#include "model/decision.h"

#include <array>
#include <memory>
#include <optional>
#include <QJsonObject>

namespace gr {

struct ReviewAnalysis;
class TaskControl;

struct CellContribution
{
    Cell cell = Cell::TP;
    int64_t countDelta = 0; // candidate rows - champion rows in this cell
    Money dollars;          // countDelta x the cell's value
};

struct ComparisonEvidence
{
    bool paired = false; // false when the test sets differ: there is no paired comparison
    Money championNetBenefit, candidateNetBenefit, delta;
    std::array<CellContribution, 4> cells{}; // TP, FP, FN, TN
    std::optional<BootstrapInterval> interval;
    std::optional<McNemarTest> mcnemar;
    double level = 0.95;
    bool intervalExcludesZero = false;
    QStringList findings;
};

struct ClassBalance
{
    QString run;     // "champion" or "candidate"
    QString context; // "test" (from the predictions) or "training" / "eval" (from metadata)
    QString dataset; // dataset name, or the prediction file for test data
    double positiveRate = 0;
    std::optional<qint64> rows;
};

struct MapChange
{
    QString key, championValue, candidateValue; // empty on the side where the key is absent
    Change change = Change::Changed;
};

struct DvcLockEvidence
{
    QString championPath, candidatePath; // as resolved; empty when a run references none
    std::optional<DvcLockDiff> diff;     // when both were read
    QString problem;                     // why there is no diff, in words
};

struct DataEvidence
{
    bool sameTestSet = false;
    QString championFingerprint, candidateFingerprint;
    QString championEvalDigest,
        candidateEvalDigest; // dataset_digest or the "eval" dataset input's digest
    QList<ClassBalance> balances;
    QList<MapChange> params, tags, datasets; // datasets keyed "context:name", valued by digest
    DvcLockEvidence dvcLock;
    QStringList findings;
};

struct ThresholdSensitivity
{
    double operatingThreshold = 0;
    Money operatingNetBenefit;
    double bestThreshold = 0;
    Money bestNetBenefit;
    Money headroom() const { return bestNetBenefit - operatingNetBenefit; }
};

struct ScoreSummary // scores of one class of one model
{
    qint64 rows = 0;
    double mean = 0, p10 = 0, p50 = 0, p90 = 0;
};

struct ModelEvidence
{
    Confusion champion, candidate;
    std::array<int64_t, 4> confusionDelta{}; // candidate - champion, by gr::Cell
    ThresholdSensitivity championSensitivity, candidateSensitivity;
    bool candidateWinsAtBest = false; // candidate's best NB > champion's best NB
    std::array<ScoreSummary, 2> championScores, candidateScores; // [0] negatives, [1] positives
    QStringList findings;
    // False when the runs were scored on different test sets: then nothing above is filled in,
    // because comparing them would compare data, not models.
    bool comparable = true;
};

struct DiagnosisEvidence
{
    ComparisonEvidence comparison;
    DataEvidence data;
    ModelEvidence model;
    QList<DecisionKind> choices; // what step 4 may record for this gate result
    QStringList decideFindings;

    const QStringList &findings(int step) const;
};

// Reads the score summaries off each model's sweep (O(N), no copy or sort of the scores); reads
// dvc.lock files named by the runs' metadata. Never throws for a missing or malformed dvc.lock:
// that becomes a finding. Step 3's ranking/calibration findings come from `analysis` when given,
// else from one computed here (analysis/reviewanalysis.h).
DiagnosisEvidence diagnose(const GateReport &report, const ReviewAnalysis *analysis = nullptr);

// Everything a review shows about why, computed once per gate report and shared by the window's
// pages, its exports and the CLI's reports: the analysis (nullptr without a shared test set) and
// the diagnosis built on it.
struct ReviewEvidence
{
    std::shared_ptr<const ReviewAnalysis> analysis;
    std::shared_ptr<const DiagnosisEvidence> diagnosis;
};

// Computes the evidence for `report`; an `analysis` already computed for the same runs and policy
// (the report only gained a canary layer, say) is used instead of a new one. Throws Cancelled.
ReviewEvidence gatherEvidence(const GateReport &report, const TaskControl *control = nullptr,
                              std::shared_ptr<const ReviewAnalysis> analysis = nullptr);

DataEvidence checkData(const GateReport &report);
ScoreSummary summarizeScores(const PredictionSet &predictions, int label);
// The same numbers, bit for bit, from a sweep of the same predictions: it holds every distinct
// score with its count per class, so the scores need no copy and no sort (at 10M rows the
// window's open saved ~2 s of CPU and a 64 MB copy).
ScoreSummary summarizeScores(const ThresholdSweep &sweep, int label);
QList<MapChange> diffMaps(const QMap<QString, QString> &champion,
                          const QMap<QString, QString> &candidate);
// A dvc.lock path from run metadata, resolved against the metadata file's folder when relative.
QString resolveDvcLockPath(const RunMetadata &meta);

QJsonObject diagnosisToJson(const DiagnosisEvidence &evidence);

} // namespace gr

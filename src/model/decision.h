#pragma once
// What an engineer decides at the end of a review, and the notes behind it. Shared by the
// decision log (which stores it), the reports (which print it) and the GUI (which records it).
#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

namespace gr {

enum class DecisionKind
{
    PromoteCandidate, // only when the gate passed
    ChampionStays,    // the candidate is genuinely worse
    FixDataPipeline,  // bad data: fix the pipeline and re-run
    RetuneThreshold,  // re-tune the threshold and re-run the gate
    FastTrackReview,  // emergency path: every check still runs; who and why are recorded
};

QString toString(DecisionKind kind); // "promote_candidate", ...
bool decisionKindFromString(const QString &text, DecisionKind *kind);
QString displayName(DecisionKind kind); // "Promote candidate", ...
QStringList decisionKindNames();

// The four diagnosis steps, numbered as the notes map keys.
enum DiagnosisStep
{
    StepComparison = 1,
    StepData = 2,
    StepModel = 3,
    StepDecide = 4
};
QString diagnosisStepTitle(int step);

struct Decision
{
    DecisionKind kind = DecisionKind::ChampionStays;
    QString rationale;        // required
    QMap<int, QString> notes; // per diagnosis step
    QString author;
    QDateTime decidedAt;    // UTC
    QJsonObject gateReport; // gateReportToJson() of the evaluation decided on
};

// An empty string when the decision may be recorded for this gate result, else why not.
QString validateDecision(const Decision &decision, const QString &gateResult);

} // namespace gr

#pragma once
// The decision report: a gate report, the diagnosis evidence, the engineer's notes and (when one
// was recorded) the decision, as self-contained HTML, Markdown, JSON (schema
// "gatereview/decision-report/v1") or PDF. Every renderer escapes user text; the output depends
// only on the input (generatedAt is injected), so golden-file tests pin it.
#include "diagnosis/diagnosis.h"
#include "gate/gatereport.h"
#include "model/decision.h"

#include <memory>
#include <optional>
#include <QDateTime>
#include <QJsonObject>

class QIODevice;

namespace gr {

struct ReviewAnalysis;

inline constexpr const char *kDecisionReportSchema = "gatereview/decision-report/v1";

struct DecisionReportInput
{
    std::shared_ptr<const GateReport> gate;
    DiagnosisEvidence diagnosis;
    QMap<int, QString> notes; // per diagnosis step
    std::optional<Decision> decision;
    QDateTime generatedAt; // UTC; injected so reports are reproducible
    // When the decision is a record of a decision log: its id and record hash, so a reader can
    // check the report against the log.
    std::optional<qint64> decisionId;
    QString decisionHash;
    // The what-if thresholds explored in the review (unset: only the declared ones were used).
    std::optional<double> championWhatIf, candidateWhatIf;
    // Ranking, calibration and cost sensitivity (reportanalysis.h); absent when the runs were not
    // scored on the same test set.
    std::shared_ptr<const ReviewAnalysis> analysis;
};

// With the review's evidence when it has been computed (a window that already shows it), else
// computes it for `gate`.
DecisionReportInput makeDecisionReportInput(std::shared_ptr<const GateReport> gate,
                                            const QMap<int, QString> &notes,
                                            std::optional<Decision> decision,
                                            const QDateTime &generatedAt,
                                            const ReviewEvidence &evidence = {});

QString decisionReportToHtml(const DecisionReportInput &input);
QString decisionReportToMarkdown(const DecisionReportInput &input);
QJsonObject decisionReportToJson(const DecisionReportInput &input);
QJsonObject decisionToJson(const Decision &decision);

// Paints the report on A4 pages with QPdfWriter. Text needs fonts, so a QGuiApplication must
// exist (the CLI creates one on the offscreen platform). Returns false when `device` cannot be
// written.
bool writeDecisionReportPdf(const DecisionReportInput &input, QIODevice *device);

} // namespace gr

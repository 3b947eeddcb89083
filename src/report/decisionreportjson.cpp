// The decision report as JSON: the gate report as is, plus the diagnosis, notes and decision.
#include "decisionreport.h"
#include "gatereportjson.h"
#include "reportanalysis.h"

#include <QJsonArray>

namespace gr {

QJsonObject decisionToJson(const Decision &d)
{
    QJsonObject notes;
    for (auto it = d.notes.cbegin(); it != d.notes.cend(); ++it)
        notes.insert(QString::number(it.key()), it.value());
    return {{QStringLiteral("kind"), toString(d.kind)},
            {QStringLiteral("display_name"), displayName(d.kind)},
            {QStringLiteral("rationale"), d.rationale},
            {QStringLiteral("author"), d.author},
            {QStringLiteral("decided_at"),
             d.decidedAt.isValid() ? QJsonValue(d.decidedAt.toUTC().toString(Qt::ISODate))
                                   : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("notes"), notes}};
}

QJsonObject decisionReportToJson(const DecisionReportInput &in)
{
    QJsonObject notes;
    for (int step = StepComparison; step <= StepDecide; ++step)
        notes.insert(QString::number(step),
                     QJsonObject{{QStringLiteral("title"), diagnosisStepTitle(step)},
                                 {QStringLiteral("text"), in.notes.value(step)}});
    QJsonObject report{
        {QStringLiteral("schema"), QLatin1String(kDecisionReportSchema)},
        {QStringLiteral("generated_at"), in.generatedAt.toUTC().toString(Qt::ISODate)},
        {QStringLiteral("gate_report"), gateReportToJson(*in.gate)},
        {QStringLiteral("diagnosis"), diagnosisToJson(in.diagnosis)},
        {QStringLiteral("notes"), notes},
        {QStringLiteral("decision"),
         in.decision ? QJsonValue(decisionToJson(*in.decision)) : QJsonValue(QJsonValue::Null)}};
    // Optional keys, present only when there is something to say (older readers ignore them).
    if (in.analysis)
        report.insert(QStringLiteral("analysis"), analysisToJson(*in.analysis, *in.gate));
    if (in.decisionId)
        report.insert(QStringLiteral("decision_record"),
                      QJsonObject{{QStringLiteral("id"), double(*in.decisionId)},
                                  {QStringLiteral("hash"), in.decisionHash}});
    if (in.championWhatIf || in.candidateWhatIf) {
        QJsonObject whatIf;
        if (in.championWhatIf) whatIf.insert(QStringLiteral("champion"), *in.championWhatIf);
        if (in.candidateWhatIf) whatIf.insert(QStringLiteral("candidate"), *in.candidateWhatIf);
        report.insert(QStringLiteral("what_if_thresholds"), whatIf);
    }
    return report;
}

} // namespace gr

#include "decisionrecord.h"
#include "model/errors.h"
#include "report/gatereportjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

namespace gr {

namespace {

QString stringAt(const QJsonObject &object, std::initializer_list<const char *> path)
{
    QJsonValue value = object;
    for (const char *key : path)
        value = value.toObject().value(QLatin1String(key));
    return value.toString();
}

RecordedRun recordedRun(const QJsonObject &report, const char *side)
{
    return {stringAt(report, {side, "run", "label"}), stringAt(report, {side, "run", "model_name"}),
            stringAt(report, {side, "run", "model_version"})};
}

} // namespace

GateReportFacts gateReportFacts(const QJsonObject &report, const QString &source)
{
    const QString schema = report.value(QLatin1String("schema")).toString();
    if (schema != QLatin1String(kGateReportSchema))
        throw InputError(
            source,
            QStringLiteral("not a Gate Review gate report: \"schema\" is '%1', expected '%2' "
                           "(write one with `gatereview gate --json FILE`)")
                .arg(schema, QLatin1String(kGateReportSchema)));
    GateReportFacts facts;
    facts.gateResult = report.value(QLatin1String("gate_result")).toString();
    if (facts.gateResult != QLatin1String("PROMOTED") &&
        facts.gateResult != QLatin1String("NOT_PROMOTED") &&
        facts.gateResult != QLatin1String("INVALID"))
        throw InputError(
            source,
            QStringLiteral("\"gate_result\" is '%1', expected PROMOTED, NOT_PROMOTED or INVALID")
                .arg(facts.gateResult));
    facts.policySha256 = stringAt(report, {"policy", "sha256"});
    facts.championInputSha256 = stringAt(report, {"inputs", "champion", "sha256"});
    facts.candidateInputSha256 = stringAt(report, {"inputs", "candidate", "sha256"});
    facts.testSetFingerprint = stringAt(report, {"test_set", "fingerprint"});
    facts.champion = recordedRun(report, "champion");
    facts.candidate = recordedRun(report, "candidate");
    // Without these the record could not say what was decided on; a report missing them is not
    // one `gatereview gate` wrote.
    if (facts.policySha256.isEmpty() || facts.championInputSha256.isEmpty() ||
        facts.candidateInputSha256.isEmpty())
        throw InputError(
            source, QStringLiteral(
                        "the gate report lacks policy.sha256 or inputs.champion/candidate.sha256"));
    return facts;
}

QJsonObject decisionRecordToJson(const DecisionRecord &record, bool withGateReport)
{
    auto run = [](const RecordedRun &r, const QString &inputSha256) {
        return QJsonObject{{QStringLiteral("label"), r.label},
                           {QStringLiteral("model_name"), r.modelName},
                           {QStringLiteral("model_version"), r.modelVersion},
                           {QStringLiteral("input_sha256"), inputSha256}};
    };
    QJsonObject notes;
    for (auto it = record.decision.notes.begin(); it != record.decision.notes.end(); ++it)
        notes.insert(QString::number(it.key()), it.value());
    auto optionalId = [](const std::optional<qint64> &id) {
        return id ? QJsonValue(double(*id)) : QJsonValue(QJsonValue::Null);
    };
    QJsonObject o{
        {QStringLiteral("id"), double(record.id)},
        {QStringLiteral("decision"), toString(record.decision.kind)},
        {QStringLiteral("decision_name"), displayName(record.decision.kind)},
        {QStringLiteral("rationale"), record.decision.rationale},
        {QStringLiteral("notes"), notes},
        {QStringLiteral("author"), record.decision.author},
        {QStringLiteral("decided_at"), toLogTimestamp(record.decision.decidedAt)},
        {QStringLiteral("gate_result"), record.facts.gateResult},
        {QStringLiteral("policy_sha256"), record.facts.policySha256},
        {QStringLiteral("test_set_fingerprint"), record.facts.testSetFingerprint},
        {QStringLiteral("champion"), run(record.facts.champion, record.facts.championInputSha256)},
        {QStringLiteral("candidate"),
         run(record.facts.candidate, record.facts.candidateInputSha256)},
        {QStringLiteral("app_version"), record.appVersion},
        {QStringLiteral("supersedes"), optionalId(record.supersedes)},
        {QStringLiteral("superseded_by"), optionalId(record.supersededBy)},
        {QStringLiteral("prev_hash"), record.prevHash},
        {QStringLiteral("signer_key"),
         record.signerKey.isEmpty() ? QJsonValue() : QJsonValue(record.signerKey)},
        {QStringLiteral("signature"),
         record.signature.isEmpty() ? QJsonValue() : QJsonValue(record.signature)},
        {QStringLiteral("hash"), record.hash}};
    if (record.isRegistryAction())
        o.insert(QStringLiteral("registry_action"), record.registryAction);
    if (withGateReport) o.insert(QStringLiteral("gate_report"), record.decision.gateReport);
    return o;
}

QString recordedRunName(const RecordedRun &run)
{
    if (run.modelName.isEmpty()) return run.label;
    return run.modelVersion.isEmpty() ? run.modelName
                                      : run.modelName + QStringLiteral(" v") + run.modelVersion;
}

QString recordStatus(const DecisionRecord &r)
{
    QStringList parts;
    if (r.supersededBy)
        parts << QStringLiteral("superseded by %1").arg(*r.supersededBy);
    else if (r.replacedBy)
        parts << QStringLiteral("replaced by %1 (same pair)").arg(*r.replacedBy);
    if (r.supersedes) parts << QStringLiteral("supersedes %1").arg(*r.supersedes);
    return parts.isEmpty() ? QStringLiteral("effective") : parts.join(QStringLiteral("; "));
}

QString decisionRecordToText(const DecisionRecord &r)
{
    const GateReportFacts &f = r.facts;
    QString text;
    QTextStream out(&text);
    out << "Record " << r.id << " (" << recordStatus(r) << ")\n"
        << "  Decision:    " << displayName(r.decision.kind) << " [" << toString(r.decision.kind)
        << "]\n"
        << "  Author:      " << r.decision.author << "\n"
        << "  Decided at:  " << toLogTimestamp(r.decision.decidedAt) << "\n"
        << "  Gate result: " << f.gateResult << "\n"
        << "  Champion:    " << recordedRunName(f.champion) << " (" << f.champion.label
        << "), input sha256 " << f.championInputSha256 << "\n"
        << "  Candidate:   " << recordedRunName(f.candidate) << " (" << f.candidate.label
        << "), input sha256 " << f.candidateInputSha256 << "\n"
        << "  Test set:    "
        << (f.testSetFingerprint.isEmpty() ? QStringLiteral("(differed)") : f.testSetFingerprint)
        << "\n"
        << "  Policy:      sha256 " << f.policySha256 << "\n"
        << "  Recorded by: Gate Review " << r.appVersion << "\n"
        << "  Hash:        " << r.hash << "\n  Prev hash:   " << r.prevHash << "\n"
        << "  Signed:      "
        << (r.signerKey.isEmpty() ? QStringLiteral("no")
                                  : QStringLiteral("with key ") + r.signerKey)
        << "\n"
        << "\nRationale:\n  " << r.decision.rationale << "\n";
    if (r.isRegistryAction())
        out << "\nRegistry action (not a decision): "
            << QString::fromUtf8(QJsonDocument(r.registryAction).toJson(QJsonDocument::Compact))
            << "\n";
    for (auto it = r.decision.notes.begin(); it != r.decision.notes.end(); ++it)
        out << "\nNotes, step " << it.key() << " (" << diagnosisStepTitle(it.key()) << "):\n  "
            << it.value() << "\n";
    const QJsonArray reasons = r.decision.gateReport.value(QLatin1String("reasons")).toArray();
    if (!reasons.isEmpty()) {
        out << "\nWhy the gate said " << f.gateResult << ":\n";
        for (const QJsonValue &reason : reasons)
            out << "  - " << reason.toString() << "\n";
    }
    out.flush();
    return text;
}

QString toLogTimestamp(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QString defaultAuthor()
{
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? qEnvironmentVariable("USERNAME") : user;
}

} // namespace gr

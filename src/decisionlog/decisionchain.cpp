#include "decisionchain.h"

#include "io/chunkedfile.h"
#include "model/errors.h"

#include <QJsonDocument>
#include <QSqlQuery>

namespace gr {

const QStringList &chainedColumns()
{
    static const QStringList columns = {
        QStringLiteral("id"),
        QStringLiteral("decision"),
        QStringLiteral("rationale"),
        QStringLiteral("notes_json"),
        QStringLiteral("author"),
        QStringLiteral("decided_at"),
        QStringLiteral("gate_result"),
        QStringLiteral("gate_report_json"),
        QStringLiteral("policy_sha256"),
        QStringLiteral("champion_sha256"),
        QStringLiteral("candidate_sha256"),
        QStringLiteral("test_set_fingerprint"),
        QStringLiteral("champion_label"),
        QStringLiteral("champion_model"),
        QStringLiteral("champion_version"),
        QStringLiteral("candidate_label"),
        QStringLiteral("candidate_model"),
        QStringLiteral("candidate_version"),
        QStringLiteral("app_version"),
        QStringLiteral("supersedes"),
        QStringLiteral("prev_hash"),
    };
    return columns;
}

const QStringList &optionalChainedColumns()
{
    static const QStringList columns = {QStringLiteral("signer_key"),
                                        QStringLiteral("registry_action_json")};
    return columns;
}

const QStringList &storedColumns()
{
    static const QStringList columns =
        chainedColumns() + QStringList{QStringLiteral("registry_action_json"),
                                       QStringLiteral("signer_key"), QStringLiteral("signature"),
                                       QStringLiteral("hash")};
    return columns;
}

bool isIntegerColumn(const QString &column)
{
    return column == QLatin1String("id") || column == QLatin1String("supersedes");
}

QString computeRowHash(const Row &row)
{
    QJsonObject canonical;
    auto add = [&canonical, &row](const QString &column) {
        const QVariant value = row.value(column);
        if (!value.isValid() || value.isNull())
            canonical.insert(column, QJsonValue::Null);
        else if (isIntegerColumn(column))
            canonical.insert(column, QString::number(value.toLongLong())); // exact beyond 2^53
        else
            canonical.insert(column, value.toString());
    };
    for (const QString &column : chainedColumns())
        add(column);
    for (const QString &column : optionalChainedColumns()) {
        const QVariant value = row.value(column);
        if (value.isValid() && !value.isNull()) add(column);
    }
    const QByteArray bytes = QByteArray("gatereview-decision-v1\n") +
                             QJsonDocument(canonical).toJson(QJsonDocument::Compact);
    return sha256Hex(bytes.constData(), size_t(bytes.size()));
}

QString selectList(const QString &table, const QStringList &presentColumns)
{
    QStringList columns;
    for (const QString &c : storedColumns())
        columns << (presentColumns.contains(c) ? table + QLatin1Char('.') + c
                                               : QStringLiteral("NULL"));
    return columns.join(QStringLiteral(", "));
}

Row readRow(const QSqlQuery &query)
{
    Row row;
    int i = 0;
    for (const QString &c : storedColumns()) {
        row.insert(c, query.isNull(i) ? QVariant() : query.value(i));
        ++i;
    }
    return row;
}

namespace {

QJsonObject parseObject(const QString &text, const QString &location, qint64 id, const char *column)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        throw InputError(
            location,
            QStringLiteral("record %1: %2 is not a JSON object (%3); run `gatereview log verify`")
                .arg(id)
                .arg(QLatin1String(column), error.errorString()));
    return doc.object();
}

} // namespace

DecisionRecord recordFromRow(const Row &row, const QString &location)
{
    auto text = [&row](const char *column) { return row.value(QLatin1String(column)).toString(); };
    DecisionRecord r;
    r.id = row.value(QStringLiteral("id")).toLongLong();
    if (!decisionKindFromString(text("decision"), &r.decision.kind))
        throw InputError(
            location,
            QStringLiteral("record %1 holds an unknown decision '%2'; run `gatereview log verify`")
                .arg(r.id)
                .arg(text("decision")));
    r.decision.rationale = text("rationale");
    const QJsonObject notes = parseObject(text("notes_json"), location, r.id, "notes_json");
    for (auto it = notes.begin(); it != notes.end(); ++it)
        r.decision.notes.insert(it.key().toInt(), it.value().toString());
    r.decision.author = text("author");
    r.decision.decidedAt = QDateTime::fromString(text("decided_at"), Qt::ISODateWithMs);
    r.decision.gateReport =
        parseObject(text("gate_report_json"), location, r.id, "gate_report_json");
    r.facts.gateResult = text("gate_result");
    r.facts.policySha256 = text("policy_sha256");
    r.facts.championInputSha256 = text("champion_sha256");
    r.facts.candidateInputSha256 = text("candidate_sha256");
    r.facts.testSetFingerprint = text("test_set_fingerprint");
    r.facts.champion = {text("champion_label"), text("champion_model"), text("champion_version")};
    r.facts.candidate = {text("candidate_label"), text("candidate_model"),
                         text("candidate_version")};
    r.appVersion = text("app_version");
    if (row.value(QStringLiteral("supersedes")).isValid())
        r.supersedes = row.value(QStringLiteral("supersedes")).toLongLong();
    r.prevHash = text("prev_hash");
    r.signerKey = text("signer_key");
    r.signature = text("signature");
    r.hash = text("hash");
    const QVariant action = row.value(QStringLiteral("registry_action_json"));
    if (action.isValid() && !action.isNull())
        r.registryAction = parseObject(action.toString(), location, r.id, "registry_action_json");
    return r;
}

} // namespace gr

#include "decisionlog.h"
#include "decisionlogschema.h"
#include "sqlitedatabase.h"

#include "io/chunkedfile.h"
#include "model/errors.h"
#include "model/redaction.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>

namespace gr {

namespace {

const QString kGenesisHash = QString(64, QLatin1Char('0'));

// Every stored column but `hash`, in table order; the hash covers exactly these.
const char *const kChainedColumns[] = {
    "id",
    "decision",
    "rationale",
    "notes_json",
    "author",
    "decided_at",
    "gate_result",
    "gate_report_json",
    "policy_sha256",
    "champion_sha256",
    "candidate_sha256",
    "test_set_fingerprint",
    "champion_label",
    "champion_model",
    "champion_version",
    "candidate_label",
    "candidate_model",
    "candidate_version",
    "app_version",
    "supersedes",
    "prev_hash",
};

// Columns added after version 1: hashed only when not NULL, so older records keep their hash.
const char *const kOptionalChainedColumns[] = {
    "registry_action_json",
};

bool isIntegerColumn(const QString &column)
{
    return column == QLatin1String("id") || column == QLatin1String("supersedes");
}

// The row as stored: column name -> value (an invalid QVariant for NULL).
using Row = QMap<QString, QVariant>;

QString columnList(const QString &table)
{
    QStringList columns;
    for (const char *c : kChainedColumns)
        columns << table + QLatin1Char('.') + QLatin1String(c);
    for (const char *c : kOptionalChainedColumns)
        columns << table + QLatin1Char('.') + QLatin1String(c);
    columns << table + QStringLiteral(".hash");
    return columns.join(QStringLiteral(", "));
}

Row readRow(const QSqlQuery &query)
{
    Row row;
    int i = 0;
    for (const char *c : kChainedColumns) {
        row.insert(QLatin1String(c), query.isNull(i) ? QVariant() : query.value(i));
        ++i;
    }
    for (const char *c : kOptionalChainedColumns) {
        if (!query.isNull(i)) row.insert(QLatin1String(c), query.value(i));
        ++i;
    }
    row.insert(QStringLiteral("hash"), query.value(i).toString());
    return row;
}

QString computeHash(const Row &row)
{
    QJsonObject canonical;
    for (const char *c : kChainedColumns) {
        const QString column = QLatin1String(c);
        const QVariant value = row.value(column);
        if (!value.isValid() || value.isNull())
            canonical.insert(column, QJsonValue::Null);
        else if (isIntegerColumn(column))
            canonical.insert(column, QString::number(value.toLongLong())); // exact beyond 2^53
        else
            canonical.insert(column, value.toString());
    }
    for (const char *c : kOptionalChainedColumns)
        if (row.value(QLatin1String(c)).isValid())
            canonical.insert(QLatin1String(c), row.value(QLatin1String(c)).toString());
    const QByteArray bytes = QByteArray("gatereview-decision-v1\n") +
                             QJsonDocument(canonical).toJson(QJsonDocument::Compact);
    return sha256Hex(bytes.constData(), size_t(bytes.size()));
}

QJsonObject parseObject(const QString &text, const QString &path, qint64 id, const char *column)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        throw InputError(
            path,
            QStringLiteral("record %1: %2 is not a JSON object (%3); run `gatereview log verify`")
                .arg(id)
                .arg(QLatin1String(column), error.errorString()));
    return doc.object();
}

DecisionRecord recordFromRow(const Row &row, const QString &path)
{
    auto text = [&row](const char *column) { return row.value(QLatin1String(column)).toString(); };
    DecisionRecord r;
    r.id = row.value(QStringLiteral("id")).toLongLong();
    if (!decisionKindFromString(text("decision"), &r.decision.kind))
        throw InputError(
            path,
            QStringLiteral("record %1 holds an unknown decision '%2'; run `gatereview log verify`")
                .arg(r.id)
                .arg(text("decision")));
    r.decision.rationale = text("rationale");
    const QJsonObject notes = parseObject(text("notes_json"), path, r.id, "notes_json");
    for (auto it = notes.begin(); it != notes.end(); ++it)
        r.decision.notes.insert(it.key().toInt(), it.value().toString());
    r.decision.author = text("author");
    r.decision.decidedAt = QDateTime::fromString(text("decided_at"), Qt::ISODateWithMs);
    r.decision.gateReport = parseObject(text("gate_report_json"), path, r.id, "gate_report_json");
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
    r.hash = text("hash");
    if (row.value(QStringLiteral("registry_action_json")).isValid())
        r.registryAction =
            parseObject(text("registry_action_json"), path, r.id, "registry_action_json");
    return r;
}

QString notesToJson(const QMap<int, QString> &notes)
{
    QJsonObject o;
    for (auto it = notes.begin(); it != notes.end(); ++it)
        o.insert(QString::number(it.key()), it.value());
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

DecisionLog::DecisionLog(const QString &path, OpenMode mode, Clock clock)
    : m_clock(clock ? std::move(clock) : Clock([] { return QDateTime::currentDateTimeUtc(); }))
{
    if (mode == OpenMode::ExistingOnly && !QFileInfo::exists(path))
        throw InputError(
            path,
            QStringLiteral("no decision log here yet; record a decision first, or pick the log "
                           "with --log PATH or GATEREVIEW_LOG"));
    m_db = std::make_unique<SqliteDatabase>(path);
    checkIsDecisionLog(*m_db);
    m_db->useWriteAheadLog();
    migrateDecisionLog(*m_db);
}

DecisionLog::~DecisionLog() = default;

QString DecisionLog::path() const
{
    return m_db->path();
}

DecisionRecord DecisionLog::append(const Decision &given, std::optional<qint64> supersedes,
                                   const QJsonObject &givenAction)
{
    // Nothing secret is stored: a credential in a URI would stay in the append-only log forever.
    Decision decision = given;
    decision.rationale = redactSecrets(given.rationale);
    for (QString &note : decision.notes)
        note = redactSecrets(note);
    decision.gateReport = redactJson(given.gateReport);
    const QJsonObject registryAction = redactJson(givenAction);
    const GateReportFacts facts =
        gateReportFacts(decision.gateReport, QStringLiteral("the gate report"));
    const QString problem = validateDecision(decision, facts.gateResult);
    if (!problem.isEmpty()) throw InputError(QString(), problem);

    TransactionGuard transaction(*m_db);
    QSqlQuery head = m_db->exec(QStringLiteral(
        "SELECT last_id, last_hash, record_count FROM chain_head WHERE singleton = 1"));
    if (!head.next())
        throw InputError(path(),
                         QStringLiteral("the chain head is missing; run `gatereview log verify`"));
    const qint64 lastId = head.value(0).toLongLong();
    const QString lastHash = head.value(1).toString();
    const qint64 count = head.value(2).toLongLong();
    head.finish();

    if (supersedes) {
        if (!m_db->scalar(QStringLiteral("SELECT id FROM decisions WHERE id = ?"), {*supersedes})
                 .isValid())
            throw InputError(path(),
                             QStringLiteral("cannot supersede record %1: there is no such record")
                                 .arg(*supersedes));
        const QVariant later = m_db->scalar(
            QStringLiteral("SELECT id FROM decisions WHERE supersedes = ?"), {*supersedes});
        if (later.isValid())
            throw InputError(
                path(),
                QStringLiteral(
                    "record %1 is already superseded by record %2; supersede record %2 instead")
                    .arg(*supersedes)
                    .arg(later.toLongLong()));
    }

    Row row;
    auto put = [&row](const char *column, const QVariant &value) {
        // Qt binds a null QString as SQL NULL; an absent model name is stored as ''.
        const bool nullText = value.typeId() == QMetaType::QString && value.toString().isNull();
        row.insert(QLatin1String(column), nullText ? QVariant(QString::fromLatin1("")) : value);
    };
    put("id", lastId + 1);
    put("decision", toString(decision.kind));
    put("rationale", decision.rationale);
    put("notes_json", notesToJson(decision.notes));
    put("author", decision.author);
    put("decided_at", toLogTimestamp(m_clock()));
    put("gate_result", facts.gateResult);
    put("gate_report_json",
        QString::fromUtf8(QJsonDocument(decision.gateReport).toJson(QJsonDocument::Compact)));
    put("policy_sha256", facts.policySha256);
    put("champion_sha256", facts.championInputSha256);
    put("candidate_sha256", facts.candidateInputSha256);
    put("test_set_fingerprint", facts.testSetFingerprint);
    put("champion_label", facts.champion.label);
    put("champion_model", facts.champion.modelName);
    put("champion_version", facts.champion.modelVersion);
    put("candidate_label", facts.candidate.label);
    put("candidate_model", facts.candidate.modelName);
    put("candidate_version", facts.candidate.modelVersion);
    put("app_version", QStringLiteral(GATEREVIEW_VERSION));
    put("supersedes", supersedes ? QVariant(*supersedes) : QVariant());
    put("prev_hash", lastHash);
    if (!registryAction.isEmpty())
        put("registry_action_json",
            QString::fromUtf8(QJsonDocument(registryAction).toJson(QJsonDocument::Compact)));
    put("hash", computeHash(row));

    QStringList columns, marks;
    QVariantList values;
    for (auto it = row.begin(); it != row.end(); ++it) {
        columns << it.key();
        marks << QStringLiteral("?");
        values << it.value();
    }
    m_db->exec(QStringLiteral("INSERT INTO decisions (%1) VALUES (%2)")
                   .arg(columns.join(QStringLiteral(", ")), marks.join(QStringLiteral(", "))),
               values);
    m_db->exec(QStringLiteral("UPDATE chain_head SET last_id = ?, last_hash = ?, record_count = ? "
                              "WHERE singleton = 1"),
               {row.value(QStringLiteral("id")), row.value(QStringLiteral("hash")), count + 1});
    transaction.commit();
    return recordFromRow(row, path());
}

QList<DecisionRecord> DecisionLog::records(const DecisionFilter &filter) const
{
    QStringList where;
    QVariantList bindings;
    if (!filter.model.isEmpty()) {
        QStringList sides;
        for (const char *c :
             {"champion_label", "champion_model", "candidate_label", "candidate_model"}) {
            sides << QStringLiteral("instr(lower(d.%1), lower(?)) > 0").arg(QLatin1String(c));
            bindings << filter.model;
        }
        where << QLatin1Char('(') + sides.join(QStringLiteral(" OR ")) + QLatin1Char(')');
    }
    if (!filter.gateResult.isEmpty()) {
        where << QStringLiteral("d.gate_result = upper(?)");
        bindings << filter.gateResult;
    }
    if (!filter.decisionKind.isEmpty()) {
        where << QStringLiteral("d.decision = lower(?)");
        bindings << filter.decisionKind;
    }
    if (!filter.author.isEmpty()) {
        where << QStringLiteral("lower(d.author) = lower(?)");
        bindings << filter.author;
    }
    if (filter.since.isValid()) {
        where << QStringLiteral("d.decided_at >= ?");
        bindings << toLogTimestamp(filter.since);
    }
    if (filter.until.isValid()) {
        where << QStringLiteral("d.decided_at < ?");
        bindings << toLogTimestamp(filter.until);
    }
    if (filter.effectiveOnly) where << QStringLiteral("s.id IS NULL");
    QSqlQuery q = m_db->exec(
        QStringLiteral("SELECT %1, s.id FROM decisions d LEFT JOIN decisions s ON s.supersedes = "
                       "d.id %2 ORDER BY d.id")
            .arg(columnList(QStringLiteral("d")),
                 where.isEmpty() ? QString()
                                 : QStringLiteral("WHERE ") + where.join(QStringLiteral(" AND "))),
        bindings);
    QList<DecisionRecord> out;
    const int supersededByColumn =
        int(std::size(kChainedColumns) + std::size(kOptionalChainedColumns)) + 1;
    while (q.next()) {
        DecisionRecord r = recordFromRow(readRow(q), path());
        if (!q.isNull(supersededByColumn))
            r.supersededBy = q.value(supersededByColumn).toLongLong();
        out << r;
    }
    return out;
}

std::optional<DecisionRecord> DecisionLog::record(qint64 id) const
{
    QSqlQuery q = m_db->exec(QStringLiteral("SELECT %1, s.id FROM decisions d LEFT JOIN decisions "
                                            "s ON s.supersedes = d.id WHERE d.id = ?")
                                 .arg(columnList(QStringLiteral("d"))),
                             {id});
    if (!q.next()) return std::nullopt;
    DecisionRecord r = recordFromRow(readRow(q), path());
    const int supersededByColumn =
        int(std::size(kChainedColumns) + std::size(kOptionalChainedColumns)) + 1;
    if (!q.isNull(supersededByColumn)) r.supersededBy = q.value(supersededByColumn).toLongLong();
    return r;
}

qint64 DecisionLog::count() const
{
    return m_db->scalar(QStringLiteral("SELECT count(*) FROM decisions")).toLongLong();
}

VerifyResult DecisionLog::verify() const
{
    VerifyResult result;
    auto problem = [&result](qint64 id, const QString &what) {
        result.problems << VerifyProblem{id, what};
    };

    const QString check = m_db->scalar(QStringLiteral("PRAGMA quick_check")).toString();
    if (check != QLatin1String("ok"))
        problem(0, QStringLiteral("the database file is damaged: %1").arg(check));

    qint64 previousId = 0;
    QString previousHash = kGenesisHash;
    QSqlQuery q = m_db->exec(QStringLiteral("SELECT %1 FROM decisions d ORDER BY d.id")
                                 .arg(columnList(QStringLiteral("d"))));
    while (q.next()) {
        const Row row = readRow(q);
        const qint64 id = row.value(QStringLiteral("id")).toLongLong();
        const QString storedHash = row.value(QStringLiteral("hash")).toString();
        ++result.recordsChecked;
        const bool gap = id != previousId + 1;
        if (gap) {
            const QString missing =
                id == previousId + 2
                    ? QStringLiteral("record %1 is missing").arg(previousId + 1)
                    : QStringLiteral("records %1-%2 are missing").arg(previousId + 1).arg(id - 1);
            problem(
                previousId + 1,
                previousId == 0
                    ? QStringLiteral("%1 (deleted, or renumbered): the log starts at record %2")
                          .arg(missing)
                          .arg(id)
                    : QStringLiteral(
                          "%1 (deleted, or renumbered): the log jumps from record %2 to record %3")
                          .arg(missing)
                          .arg(previousId)
                          .arg(id));
        }
        if (computeHash(row) != storedHash)
            problem(id, QStringLiteral("record %1 was altered after it was recorded: its contents "
                                       "no longer match its hash")
                            .arg(id));
        if (!gap && row.value(QStringLiteral("prev_hash")).toString() != previousHash)
            problem(
                id,
                previousId == 0
                    ? QStringLiteral("record %1 does not start the chain: its prev_hash is not the "
                                     "genesis hash")
                          .arg(id)
                    : QStringLiteral(
                          "record %1 does not follow record %2: its prev_hash is not record %2's "
                          "hash "
                          "(records were reordered or replaced, or record %2's hash was rewritten)")
                          .arg(id)
                          .arg(previousId));
        const QVariant supersedes = row.value(QStringLiteral("supersedes"));
        if (supersedes.isValid() && supersedes.toLongLong() >= id)
            problem(id,
                    QStringLiteral(
                        "record %1 claims to supersede record %2, which is not an earlier record")
                        .arg(id)
                        .arg(supersedes.toLongLong()));
        previousId = id;
        previousHash = storedHash;
    }
    q.finish();

    QSqlQuery head = m_db->exec(QStringLiteral(
        "SELECT last_id, last_hash, record_count FROM chain_head WHERE singleton = 1"));
    if (!head.next()) {
        problem(previousId,
                QStringLiteral(
                    "the chain head is missing, so deletions at the end cannot be ruled out"));
        return result;
    }
    const qint64 headId = head.value(0).toLongLong();
    const QString headHash = head.value(1).toString();
    const qint64 headCount = head.value(2).toLongLong();
    if (headId > previousId)
        problem(
            previousId + 1,
            headId == previousId + 1
                ? QStringLiteral("record %1, the newest recorded, is missing (deleted)").arg(headId)
                : QStringLiteral("records %1-%2, the newest recorded, are missing (deleted)")
                      .arg(previousId + 1)
                      .arg(headId));
    else if (headId < previousId)
        problem(headId + 1,
                QStringLiteral(
                    "record %1 was added outside Gate Review: the chain head ends at record %2")
                    .arg(headId + 1)
                    .arg(headId));
    else if (headHash != previousHash)
        problem(previousId,
                QStringLiteral(
                    "record %1's hash does not match the chain head (the record was replaced)")
                    .arg(previousId));
    if (headCount != result.recordsChecked && result.problems.isEmpty())
        problem(0, QStringLiteral("the chain head counts %1 records but the log holds %2")
                       .arg(headCount)
                       .arg(result.recordsChecked));
    return result;
}

QString defaultDecisionLogPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/decisions.sqlite");
}

QString resolveDecisionLogPath(const QString &explicitPath)
{
    if (!explicitPath.isEmpty()) return explicitPath;
    const QString fromEnvironment = qEnvironmentVariable("GATEREVIEW_LOG");
    return fromEnvironment.isEmpty() ? defaultDecisionLogPath() : fromEnvironment;
}

} // namespace gr

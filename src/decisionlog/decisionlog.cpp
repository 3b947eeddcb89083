#include "decisionlog.h"
#include "decisionchain.h"
#include "decisionlogschema.h"
#include "postgresdatabase.h"
#include "recordsigning.h"
#include "sqlitedatabase.h"

#include "model/errors.h"
#include "model/redaction.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QThread>

namespace gr {

namespace {

QString notesToJson(const QMap<int, QString> &notes)
{
    QJsonObject o;
    for (auto it = notes.begin(); it != notes.end(); ++it)
        o.insert(QString::number(it.key()), it.value());
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

std::unique_ptr<SqlDatabase> openDatabase(const QString &location, DecisionLog::OpenMode mode)
{
    const auto access = mode == DecisionLog::OpenMode::ReadOnly ? SqlDatabase::Access::ReadOnly
                                                                : SqlDatabase::Access::ReadWrite;
    if (isPostgresLocation(location))
        return std::make_unique<PostgresDatabase>(parsePostgresLocation(location), access);
    if (mode != DecisionLog::OpenMode::CreateIfMissing && !QFileInfo::exists(location))
        throw InputError(
            location,
            QStringLiteral("no decision log here yet; record a decision first, or pick the log "
                           "with --log PATH or GATEREVIEW_LOG"));
    return std::make_unique<SqliteDatabase>(location, access);
}

// How many times an append that lost a race (busy, serialisation failure) is retried; each
// retry re-reads the head, so a retried append is linked to whatever won.
constexpr int kAppendAttempts = 50;

} // namespace

QString ChainHead::toString() const
{
    return QStringLiteral("%1:%2").arg(count).arg(hash);
}

ChainHead ChainHead::parse(const QString &text)
{
    static const QRegularExpression form(QStringLiteral("^(\\d{1,18}):([0-9a-f]{64})$"));
    const auto match = form.match(text.trimmed());
    if (!match.hasMatch())
        throw InputError(QString(), QStringLiteral("'%1' is not a chain head: expected COUNT:HASH "
                                                   "as `gatereview log head` prints it")
                                        .arg(text));
    return {match.captured(1).toLongLong(), match.captured(2)};
}

bool isPromoteDecision(DecisionKind kind)
{
    return kind == DecisionKind::PromoteCandidate || kind == DecisionKind::FastTrackReview;
}

DecisionLog::DecisionLog(const QString &location, OpenMode mode, Clock clock)
    : m_clock(clock ? std::move(clock) : Clock([] { return QDateTime::currentDateTimeUtc(); }))
{
    m_db = openDatabase(location, mode);
    // Checks the schema and, when writable, migrates it.
    auto prepare = [this, mode] {
        m_schemaVersion = checkIsDecisionLog(*m_db);
        if (m_schemaVersion == 0 && mode != OpenMode::CreateIfMissing)
            throw InputError(m_db->location(),
                             QStringLiteral("no decision log in this database yet; run "
                                            "`gatereview log init --log %1` (or record a decision)")
                                 .arg(m_db->location()));
        if (mode == OpenMode::ReadOnly) { // read what is there, as it is
            m_columns = decisionTableColumns(*m_db);
            return;
        }
        if (auto *sqlite = dynamic_cast<SqliteDatabase *>(m_db.get())) sqlite->useWriteAheadLog();
        migrateDecisionLog(*m_db);
        m_schemaVersion = latestDecisionLogSchemaVersion();
        m_columns = decisionTableColumns(*m_db);
    };
    // Several processes opening a new SQLite log at once race for its locks (switching to WAL,
    // creating the tables), and SQLite may answer "busy" at once rather than wait: such a lost
    // race is retried like an append's, each step rolled back before the next try.
    for (int attempt = 1;; ++attempt) {
        try {
            prepare();
            return;
        } catch (const DatabaseError &e) {
            if (e.kind() != DatabaseError::Kind::Retryable || attempt == kAppendAttempts) throw;
            QThread::msleep(1 + QRandomGenerator::global()->bounded(5 * attempt));
        }
    }
}

DecisionLog::~DecisionLog() = default;

QString DecisionLog::path() const
{
    return m_db->location();
}

bool DecisionLog::isPostgres() const
{
    return m_db->dialect() == SqlDatabase::Dialect::Postgres;
}

DecisionRecord DecisionLog::append(const Decision &given, std::optional<qint64> supersedes,
                                   const QJsonObject &givenAction, const SigningKey *signer)
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
    if (m_db->access() == SqlDatabase::Access::ReadOnly)
        throw InputError(path(), QStringLiteral("the log was opened read-only"));
    for (int attempt = 1;; ++attempt) {
        try {
            return appendOnce(decision, facts, supersedes, registryAction, signer);
        } catch (const DatabaseError &e) {
            if (e.kind() != DatabaseError::Kind::Retryable || attempt == kAppendAttempts) throw;
            QThread::msleep(1 + QRandomGenerator::global()->bounded(5 * attempt));
        }
    }
}

DecisionRecord DecisionLog::appendOnce(const Decision &decision, const GateReportFacts &facts,
                                       std::optional<qint64> supersedes,
                                       const QJsonObject &registryAction, const SigningKey *signer)
{
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
    // In the transaction: a policy the owner turned on a moment ago applies to this append.
    checkSigningPolicy(decision.kind, signer != nullptr);

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
    row.insert(QStringLiteral("signer_key"), signer ? QVariant(signer->publicKey()) : QVariant());
    put("hash", computeRowHash(row));
    row.insert(QStringLiteral("signature"),
               signer ? QVariant(QString::fromLatin1(
                            signer->signHash(row.value(QStringLiteral("hash")).toString())))
                      : QVariant());

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
    // On PostgreSQL the server's decisions_link trigger checked the row extends the head and
    // moved it (writers have no UPDATE grant); SQLite has no such roles, the log moves it here.
    if (!isPostgres())
        m_db->exec(
            QStringLiteral("UPDATE chain_head SET last_id = ?, last_hash = ?, record_count = ? "
                           "WHERE singleton = 1"),
            {row.value(QStringLiteral("id")), row.value(QStringLiteral("hash")), count + 1});
    transaction.commit();
    return recordFromRow(row, path());
}

namespace {

// The newest later record on the same pair of prediction files (DecisionRecord::replacedBy).
constexpr const char *kReplacedBy =
    "(SELECT max(n.id) FROM decisions n WHERE n.id > d.id AND n.champion_sha256 = "
    "d.champion_sha256 AND n.candidate_sha256 = d.candidate_sha256)";

// A row selected as "<stored columns>, s.id, <kReplacedBy>".
DecisionRecord recordWithLaterLinks(const QSqlQuery &q, const QString &path)
{
    DecisionRecord r = recordFromRow(readRow(q), path);
    const int supersededByColumn = int(storedColumns().size());
    if (!q.isNull(supersededByColumn)) r.supersededBy = q.value(supersededByColumn).toLongLong();
    if (!q.isNull(supersededByColumn + 1))
        r.replacedBy = q.value(supersededByColumn + 1).toLongLong();
    return r;
}

} // namespace

QList<DecisionRecord> DecisionLog::records(const DecisionFilter &filter) const
{
    QStringList where;
    QVariantList bindings;
    if (!filter.model.isEmpty()) {
        QStringList sides;
        const QString contains = isPostgres() ? QStringLiteral("strpos(lower(d.%1), lower(?)) > 0")
                                              : QStringLiteral("instr(lower(d.%1), lower(?)) > 0");
        for (const char *c :
             {"champion_label", "champion_model", "candidate_label", "candidate_model"}) {
            sides << contains.arg(QLatin1String(c));
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
    if (filter.effectiveOnly)
        where << QStringLiteral("s.id IS NULL AND %1 IS NULL").arg(QLatin1String(kReplacedBy));
    QSqlQuery q = m_db->exec(
        QStringLiteral("SELECT %1, s.id, %2 FROM decisions d LEFT JOIN decisions s ON "
                       "s.supersedes = d.id %3 ORDER BY d.id")
            .arg(selectList(QStringLiteral("d"), m_columns), QLatin1String(kReplacedBy),
                 where.isEmpty() ? QString()
                                 : QStringLiteral("WHERE ") + where.join(QStringLiteral(" AND "))),
        bindings);
    QList<DecisionRecord> out;
    while (q.next())
        out << recordWithLaterLinks(q, path());
    return out;
}

std::optional<DecisionRecord>
DecisionLog::currentRecordForPair(const QString &championSha256,
                                  const QString &candidateSha256) const
{
    QSqlQuery q = m_db->exec(
        QStringLiteral("SELECT %1, s.id, %2 FROM decisions d LEFT JOIN decisions s ON "
                       "s.supersedes = d.id WHERE d.champion_sha256 = ? AND d.candidate_sha256 = "
                       "? ORDER BY d.id DESC LIMIT 1")
            .arg(selectList(QStringLiteral("d"), m_columns), QLatin1String(kReplacedBy)),
        {championSha256, candidateSha256});
    if (!q.next()) return std::nullopt;
    return recordWithLaterLinks(q, path());
}

std::optional<DecisionRecord> DecisionLog::record(qint64 id) const
{
    QSqlQuery q =
        m_db->exec(QStringLiteral("SELECT %1, s.id, %2 FROM decisions d LEFT JOIN "
                                  "decisions s ON s.supersedes = d.id WHERE d.id = ?")
                       .arg(selectList(QStringLiteral("d"), m_columns), QLatin1String(kReplacedBy)),
                   {id});
    if (!q.next()) return std::nullopt;
    return recordWithLaterLinks(q, path());
}

qint64 DecisionLog::count() const
{
    return m_db->scalar(QStringLiteral("SELECT count(*) FROM decisions")).toLongLong();
}

ChainHead DecisionLog::head() const
{
    QSqlQuery q = m_db->exec(
        QStringLiteral("SELECT record_count, last_hash FROM chain_head WHERE singleton = 1"));
    if (!q.next())
        throw InputError(path(),
                         QStringLiteral("the chain head is missing; run `gatereview log verify`"));
    return {q.value(0).toLongLong(), q.value(1).toString()};
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
    if (!fromEnvironment.isEmpty()) return fromEnvironment;
    const QString fromSettings =
        QSettings().value(QLatin1String(kDecisionLogSettingKey)).toString();
    return fromSettings.isEmpty() ? defaultDecisionLogPath() : fromSettings;
}

} // namespace gr

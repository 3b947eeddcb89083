// DecisionLog::exportJsonLines() / importJsonLines(): moving a log between files and servers with
// every stored byte, so the chain, the anchors written down elsewhere and the signatures still
// verify afterwards.
//
// Format: a header line {"schema": "gatereview/decision-log-export/v1", "schema_version": N,
// "records": COUNT, "head": "COUNT:HASH"}, then one JSON object per record, oldest first, with
// every stored column (decisionchain.h: storedColumns()); integers as numbers, NULL as null,
// text exactly as stored.
#include "decisionchain.h"
#include "decisionlog.h"
#include "decisionlogschema.h"
#include "recordsigning.h"
#include "sqldatabase.h"

#include <QIODevice>
#include <QJsonDocument>

namespace gr {

namespace {

const QString kExportSchema = QStringLiteral("gatereview/decision-log-export/v1");

QJsonObject rowToJson(const Row &row)
{
    QJsonObject o;
    for (const QString &c : storedColumns()) {
        const QVariant v = row.value(c);
        if (!v.isValid() || v.isNull())
            o.insert(c, QJsonValue::Null);
        else if (isIntegerColumn(c))
            o.insert(c, double(v.toLongLong()));
        else
            o.insert(c, v.toString());
    }
    return o;
}

bool isNullable(const QString &column)
{
    return column == QLatin1String("supersedes") || column == QLatin1String("signer_key") ||
           column == QLatin1String("signature") || column == QLatin1String("registry_action_json");
}

// Added by schema version 3: an export written before it has no such field, which means NULL.
bool mayBeAbsent(const QString &column)
{
    return column == QLatin1String("registry_action_json");
}

Row rowFromJson(const QJsonObject &o, const QString &source, qint64 line)
{
    for (auto it = o.begin(); it != o.end(); ++it)
        if (!storedColumns().contains(it.key()))
            throw InputError(source, line, QStringLiteral("unknown field \"%1\"").arg(it.key()));
    Row row;
    for (const QString &c : storedColumns()) {
        const QJsonValue v = o.value(c);
        if (v.isNull() || v.isUndefined()) {
            if (!isNullable(c) || (v.isUndefined() && !mayBeAbsent(c)))
                throw InputError(source, line,
                                 QStringLiteral("field \"%1\" is missing or null").arg(c));
            row.insert(c, QVariant());
        } else if (isIntegerColumn(c)) {
            const double d = v.toDouble(-1);
            if (!v.isDouble() || d < 1 || d > 9007199254740991.0 || d != double(qint64(d)))
                throw InputError(source, line,
                                 QStringLiteral("field \"%1\" is not a record id").arg(c));
            row.insert(c, qint64(d));
        } else {
            if (!v.isString())
                throw InputError(source, line, QStringLiteral("field \"%1\" is not text").arg(c));
            row.insert(c, v.toString());
        }
    }
    return row;
}

} // namespace

void DecisionLog::exportJsonLines(QIODevice &out) const
{
    const ChainHead chainHead = head();
    const QJsonObject header{{QStringLiteral("schema"), kExportSchema},
                             {QStringLiteral("schema_version"), m_schemaVersion},
                             {QStringLiteral("records"), double(chainHead.count)},
                             {QStringLiteral("head"), chainHead.toString()}};
    auto writeLine = [&out, this](const QJsonObject &o) {
        const QByteArray line = QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
        if (out.write(line) != line.size())
            throw InputError(path(),
                             QStringLiteral("cannot write the export: %1").arg(out.errorString()));
    };
    writeLine(header);
    QSqlQuery q = m_db->exec(QStringLiteral("SELECT %1 FROM decisions d ORDER BY d.id")
                                 .arg(selectList(QStringLiteral("d"), m_columns)));
    while (q.next())
        writeLine(rowToJson(readRow(q)));
}

qint64 DecisionLog::importJsonLines(QIODevice &in, const QString &source)
{
    if (m_db->access() == SqlDatabase::Access::ReadOnly)
        throw InputError(path(), QStringLiteral("the log was opened read-only"));
    // Read and check everything before touching the log.
    qint64 lineNumber = 0;
    auto nextObject = [&in, &lineNumber, &source]() -> std::optional<QJsonObject> {
        while (!in.atEnd()) {
            const QByteArray line = in.readLine(256 * 1024 * 1024).trimmed();
            ++lineNumber;
            if (line.isEmpty()) continue;
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject())
                throw InputError(source, lineNumber,
                                 QStringLiteral("not a JSON object (%1)").arg(error.errorString()));
            return doc.object();
        }
        return std::nullopt;
    };
    const std::optional<QJsonObject> header = nextObject();
    if (!header || header->value(QLatin1String("schema")).toString() != kExportSchema)
        throw InputError(source, qMax<qint64>(lineNumber, 1),
                         QStringLiteral("not a decision log export: the first line must be the "
                                        "header `gatereview log export` writes"));
    const ChainHead declared = ChainHead::parse(header->value(QLatin1String("head")).toString());

    QList<Row> rows;
    QString previousHash = kGenesisHash;
    while (const std::optional<QJsonObject> object = nextObject()) {
        const Row row = rowFromJson(*object, source, lineNumber);
        const qint64 id = row.value(QStringLiteral("id")).toLongLong();
        const QString hash = row.value(QStringLiteral("hash")).toString();
        auto refuse = [&](const QString &what) {
            throw InputError(source, lineNumber,
                             QStringLiteral("record %1 %2; the export is not an intact chain, "
                                            "nothing was imported")
                                 .arg(id)
                                 .arg(what));
        };
        if (id != rows.size() + 1)
            refuse(QStringLiteral("is out of sequence (expected record %1)").arg(rows.size() + 1));
        if (row.value(QStringLiteral("prev_hash")).toString() != previousHash)
            refuse(QStringLiteral("does not follow the previous record"));
        if (computeRowHash(row) != hash) refuse(QStringLiteral("does not match its hash"));
        const DecisionRecord record = recordFromRow(row, source);
        if ((!record.signerKey.isEmpty() || !record.signature.isEmpty()) &&
            !verifyRecordSignature(record.signerKey, record.hash, record.signature))
            refuse(QStringLiteral("has a BAD SIGNATURE"));
        const QVariant supersedes = row.value(QStringLiteral("supersedes"));
        if (supersedes.isValid() && supersedes.toLongLong() >= id)
            refuse(QStringLiteral("supersedes a record that is not earlier"));
        rows << row;
        previousHash = hash;
    }
    if (declared.count != rows.size() || (declared.count > 0 && declared.hash != previousHash))
        throw InputError(source, QStringLiteral("the header announces head %1 but the file ends "
                                                "at %2:%3 (truncated or spliced); nothing was "
                                                "imported")
                                     .arg(declared.toString())
                                     .arg(rows.size())
                                     .arg(previousHash));

    TransactionGuard transaction(*m_db);
    if (m_db->scalar(QStringLiteral("SELECT count(*) FROM decisions")).toLongLong() != 0 ||
        m_db->scalar(QStringLiteral("SELECT last_id FROM chain_head")).toLongLong() != 0)
        throw InputError(path(), QStringLiteral("import needs an empty log; this one holds "
                                                "records already"));
    // The same rule on both backends (PostgreSQL's trigger would refuse such a row too).
    if (readPolicy().requireSignedPromotions)
        for (const Row &row : rows) {
            const DecisionRecord r = recordFromRow(row, source);
            if (isPromoteDecision(r.decision.kind) && r.signerKey.isEmpty())
                throw InputError(path(),
                                 QStringLiteral("record %1 of %2 is an unsigned %3 decision, but "
                                                "this log requires signed promote decisions: "
                                                "import into it with the policy off, then turn "
                                                "it on (`log verify` then reports that record); "
                                                "nothing was imported")
                                     .arg(r.id)
                                     .arg(source, toString(r.decision.kind)));
        }
    QStringList marks;
    for (qsizetype i = 0; i < storedColumns().size(); ++i)
        marks << QStringLiteral("?");
    const QString insert =
        QStringLiteral("INSERT INTO decisions (%1) VALUES (%2)")
            .arg(storedColumns().join(QStringLiteral(", ")), marks.join(QStringLiteral(", ")));
    for (const Row &row : rows) {
        QVariantList values;
        for (const QString &c : storedColumns())
            values << row.value(c);
        m_db->exec(insert, values);
    }
    if (!isPostgres() && !rows.isEmpty())
        m_db->exec(QStringLiteral("UPDATE chain_head SET last_id = ?, last_hash = ?, "
                                  "record_count = ? WHERE singleton = 1"),
                   {qint64(rows.size()), previousHash, qint64(rows.size())});
    transaction.commit();
    return rows.size();
}

} // namespace gr

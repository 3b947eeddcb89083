// DecisionLog::verify(): the hash chain, the chain head, an anchor written down outside the
// database, and the records' signatures.
#include "decisionchain.h"
#include "decisionlog.h"
#include "recordsigning.h"
#include "sqldatabase.h"

namespace gr {

namespace {

// What one record's signature says, and the problem it is when there is one.
// `requiredBy` (not empty): who requires promote decisions to be signed.
QPair<QString, QString> checkSignature(const DecisionRecord &r, const VerifyOptions &options,
                                       const QString &requiredBy)
{
    if (r.signerKey.isEmpty() && r.signature.isEmpty()) {
        if (!requiredBy.isEmpty() && isPromoteDecision(r.decision.kind))
            return {QStringLiteral("unsigned"),
                    QStringLiteral("record %1 (%2) is unsigned, but %3 requires promote "
                                   "decisions to be signed")
                        .arg(r.id)
                        .arg(toString(r.decision.kind), requiredBy)};
        return {QStringLiteral("unsigned"), QString()};
    }
    const QString fingerprint =
        r.signerKey.isEmpty() ? QStringLiteral("none") : keyFingerprint(r.signerKey);
    if (r.signerKey.isEmpty() || r.signature.isEmpty() ||
        !verifyRecordSignature(r.signerKey, r.hash, r.signature))
        return {QStringLiteral("BAD SIGNATURE (key %1)").arg(fingerprint),
                QStringLiteral("record %1 has a BAD SIGNATURE: the signature does not match its "
                               "hash and key %2 (forged, or the record was changed)")
                    .arg(r.id)
                    .arg(fingerprint)};
    if (!options.allowedSigners)
        return {
            QStringLiteral("signed by key %1 (no allowed-signers file names it)").arg(fingerprint),
            QString()};
    const QStringList principals = options.allowedSigners->principalsFor(r.signerKey);
    if (principals.isEmpty())
        return {QStringLiteral("signed by an unknown key %1").arg(fingerprint),
                QStringLiteral("record %1 is signed by key %2, which the allowed-signers file "
                               "does not list (unknown signer)")
                    .arg(r.id)
                    .arg(fingerprint)};
    const QString status =
        QStringLiteral("signed by %1 (key %2)").arg(principals.join(QLatin1Char(',')), fingerprint);
    if (!principals.contains(r.decision.author, Qt::CaseInsensitive))
        return {status, QStringLiteral("record %1 names %2 as its author but is signed by %3")
                            .arg(r.id)
                            .arg(r.decision.author, principals.join(QLatin1Char(',')))};
    return {status, QString()};
}

} // namespace

VerifyResult DecisionLog::verify(const VerifyOptions &options) const
{
    VerifyResult result;
    result.policy = policy();
    result.requireSignedPromotions =
        options.requireSignedPromotions || result.policy.requireSignedPromotions;
    // Every unsigned promote record is reported, those recorded before the policy was turned
    // on included: the policy says what the log must hold, not only what it takes from now on.
    const QString requiredBy = result.policy.requireSignedPromotions ? QStringLiteral("this log")
                               : options.requireSignedPromotions
                                   ? QStringLiteral("--require-signed-promotions")
                                   : QString();
    auto problem = [&result](qint64 id, const QString &text) {
        result.problems << VerifyProblem{id, text};
    };
    QSqlQuery q = m_db->exec(QStringLiteral("SELECT %1 FROM decisions d ORDER BY d.id")
                                 .arg(selectList(QStringLiteral("d"), m_columns)));
    qint64 previousId = 0;
    QString previousHash = kGenesisHash;
    std::optional<QString> anchoredHash; // the hash of record expectHead->count, when present
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
        if (computeRowHash(row) != storedHash)
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
        try {
            const auto [status, signatureProblem] =
                checkSignature(recordFromRow(row, path()), options, requiredBy);
            result.signatures << qMakePair(id, status);
            if (!signatureProblem.isEmpty())
                result.problems << VerifyProblem{id, signatureProblem,
                                                 status == QLatin1String("unsigned")};
        } catch (const InputError &e) {
            problem(id, e.problem()); // unparseable contents: already an altered record
        }
        if (options.expectHead && id == options.expectHead->count) anchoredHash = storedHash;
        previousId = id;
        previousHash = storedHash;
    }
    q.finish();

    if (options.expectHead && options.expectHead->count > 0) {
        const ChainHead &anchor = *options.expectHead;
        if (!anchoredHash)
            problem(anchor.count,
                    QStringLiteral("the log no longer extends the anchored head %1: record %2 is "
                                   "gone (the log holds %3 records)")
                        .arg(anchor.toString())
                        .arg(anchor.count)
                        .arg(result.recordsChecked));
        else if (*anchoredHash != anchor.hash)
            problem(anchor.count,
                    QStringLiteral("the log no longer extends the anchored head %1: record %2's "
                                   "hash is now %3 — the log was rewritten at or before record "
                                   "%2 and its hashes recomputed")
                        .arg(anchor.toString())
                        .arg(anchor.count)
                        .arg(*anchoredHash));
    }

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

} // namespace gr

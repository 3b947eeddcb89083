#include "registryaction.h"

#include "io/chunkedfile.h"
#include "mlflow/trackingstore.h"
#include "model/errors.h"
#include "model/redaction.h"

#include <QJsonDocument>
#include <QJsonObject>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

namespace gr {
namespace {

const QString kRaceWindow = QStringLiteral(
    "MLflow has no atomic alias swap: another writer could move the alias between the re-read "
    "and the write; the read-back above shows what the alias holds now.");

QString at(const QJsonObject &o, std::initializer_list<const char *> path)
{
    QJsonValue v = o;
    for (const char *key : path)
        v = v.toObject().value(QLatin1String(key));
    return v.toString();
}

struct AliasState
{
    QString version; // empty: unset
    QString runId;
    QString shown() const
    {
        return version.isEmpty() ? QStringLiteral("(unset)")
                                 : QStringLiteral("v%1 (run %2)").arg(version, runId);
    }
};

AliasState readAlias(TrackingStore &store, const QString &model, const QString &alias)
{
    try {
        const MlflowModelVersion v = store.versionForAlias(model, alias);
        return {v.version, v.runId};
    } catch (const InputError &) {
        // Unset, or a real failure: the registry listing tells the two apart.
        for (const MlflowRegisteredModel &m : store.registeredModels())
            if (m.name == model) {
                if (m.aliases.contains(alias)) throw;
                return {};
            }
        throw;
    }
}

QJsonObject stateJson(const AliasState &s)
{
    if (s.version.isEmpty()) return {};
    return {{QStringLiteral("version"), s.version}, {QStringLiteral("run_id"), s.runId}};
}

void checkSameRegistry(const QString &reviewed, TrackingStore &store, qint64 id,
                       const QString &logPath)
{
    const QString here = redactUri(store.location());
    if (reviewed != here)
        throw GuardRefused(logPath, QStringLiteral("record #%1 was reviewed against the registry "
                                                   "%2, but this is %3; refusing to change a "
                                                   "registry that was not reviewed")
                                        .arg(id)
                                        .arg(reviewed, here));
}

// The action record could not be appended after the alias moved: refuse before it moves.
void checkSigningPolicy(const DecisionLog &log, const DecisionRecord &actedOn,
                        const AliasChangeRequest &request)
{
    try {
        log.checkSigningPolicy(actedOn.decision.kind, request.signer != nullptr);
    } catch (const InputError &e) {
        throw GuardRefused(e.file(), e.problem());
    }
}

DecisionRecord recordAction(DecisionLog &log, const DecisionRecord &actedOn,
                            const QJsonObject &action, const QString &summary,
                            const QString &author, const SigningKey *signer)
{
    Decision decision = actedOn.decision;
    decision.rationale += QStringLiteral("\n\nRegistry action (by %1): %2").arg(author, summary);
    decision.author = author;
    return log.append(decision, actedOn.id, action, signer);
}

void writeAlias(TrackingStore &store, const QString &model, const QString &alias,
                const AliasState &target, AliasChangeResult &result)
{
    store.setAlias(model, alias, target.version);
    const AliasState after = readAlias(store, model, alias);
    result.readBack = after.shown();
    result.confirmed = after.version == target.version && after.runId == target.runId;
    result.executed = true;
}

} // namespace

ReviewedModels reviewedModels(const DecisionRecord &record, const QString &logPath)
{
    const QJsonObject &r = record.decision.gateReport;
    ReviewedModels m;
    m.registry = at(r, {"candidate", "run", "registry"});
    m.model = at(r, {"candidate", "run", "model_name"});
    m.candidateVersion = at(r, {"candidate", "run", "model_version"});
    m.candidateRunId = at(r, {"candidate", "run", "run_id"});
    m.candidateAlias = at(r, {"candidate", "run", "alias"});
    m.championVersion = at(r, {"champion", "run", "model_version"});
    m.championRunId = at(r, {"champion", "run", "run_id"});
    m.championAlias = at(r, {"champion", "run", "alias"});
    m.testSetFingerprint = at(r, {"test_set", "fingerprint"});
    const QString id = QString::number(record.id);
    if (m.model.isEmpty() || m.candidateVersion.isEmpty() || m.candidateRunId.isEmpty())
        throw GuardRefused(logPath, QStringLiteral("decision #%1 reviewed a candidate that was not "
                                                   "loaded from an MLflow registry, so there is no "
                                                   "version to promote")
                                        .arg(id));
    if (m.registry.isEmpty())
        throw GuardRefused(logPath, QStringLiteral("decision #%1 does not record which registry it "
                                                   "reviewed (a Gate Review before 0.2 wrote it); "
                                                   "re-run the gate and record the decision again")
                                        .arg(id));
    const QString championModel = at(r, {"champion", "run", "model_name"});
    const QString championRegistry = at(r, {"champion", "run", "registry"});
    if (!championModel.isEmpty() && (championModel != m.model || championRegistry != m.registry))
        throw GuardRefused(logPath,
                           QStringLiteral("decision #%1 compared %2 in %3 with %4 in %5; "
                                          "@champion belongs to one registered model — "
                                          "move it in MLflow")
                               .arg(id, championModel, championRegistry, m.model, m.registry));
    return m;
}

AliasChangeResult promoteDecision(DecisionLog &log, TrackingStore &store,
                                  const AliasChangeRequest &request)
{
    const qint64 id = request.recordId;
    const std::optional<DecisionRecord> record = log.record(id);
    if (!record)
        throw GuardRefused(log.path(), QStringLiteral("no decision #%1 in the log").arg(id));
    if (record->isRegistryAction())
        throw GuardRefused(
            log.path(), QStringLiteral("record #%1 is a registry action (%2 of record #%3), not a "
                                       "decision; it cannot be executed")
                            .arg(id)
                            .arg(record->registryAction.value(QStringLiteral("action")).toString())
                            .arg(*record->supersedes));
    if (record->decision.kind != DecisionKind::PromoteCandidate ||
        record->facts.gateResult != QLatin1String("PROMOTED"))
        throw GuardRefused(log.path(),
                           QStringLiteral("decision #%1 is '%2' on a %3 gate; only a 'Promote "
                                          "candidate' decision on a PROMOTED gate moves @champion")
                               .arg(id)
                               .arg(displayName(record->decision.kind), record->facts.gateResult));
    if (!record->isEffective()) {
        const std::optional<DecisionRecord> later = log.record(*record->supersededBy);
        if (later && later->isRegistryAction())
            throw GuardRefused(log.path(),
                               QStringLiteral("decision #%1 was already executed (record "
                                              "#%2); a promotion executes once")
                                   .arg(id)
                                   .arg(later->id));
        throw GuardRefused(log.path(), QStringLiteral("decision #%1 was superseded by #%2")
                                           .arg(id)
                                           .arg(*record->supersededBy));
    }
    const ReviewedModels reviewed = reviewedModels(*record, log.path());
    checkSameRegistry(reviewed.registry, store, id, log.path());

    // Re-read the candidate: still the reviewed version and run (and, when it was reviewed
    // through an alias, that alias still points at it).
    const MlflowModelVersion candidate =
        store.modelVersion(reviewed.model, reviewed.candidateVersion);
    if (candidate.runId != reviewed.candidateRunId)
        throw GuardRefused(store.location(),
                           QStringLiteral("%1 v%2 now belongs to run %3, but decision #%4 reviewed "
                                          "run %5; re-run the gate")
                               .arg(reviewed.model, reviewed.candidateVersion, candidate.runId)
                               .arg(id)
                               .arg(reviewed.candidateRunId));
    if (!reviewed.candidateAlias.isEmpty()) {
        const AliasState now = readAlias(store, reviewed.model, reviewed.candidateAlias);
        if (now.version != reviewed.candidateVersion || now.runId != reviewed.candidateRunId)
            throw GuardRefused(store.location(),
                               QStringLiteral("@%1 of %2 now points at %3, but decision #%4 "
                                              "reviewed v%5 (run %6); re-run the gate")
                                   .arg(reviewed.candidateAlias, reviewed.model, now.shown())
                                   .arg(id)
                                   .arg(reviewed.candidateVersion, reviewed.candidateRunId));
    }
    // Re-read the champion: the alias must still point at what the candidate was compared with.
    const AliasState champion = readAlias(store, reviewed.model, request.alias);
    const AliasState reviewedChampion{reviewed.championVersion, reviewed.championRunId};
    if (champion.version.isEmpty() && !reviewed.championVersion.isEmpty())
        throw GuardRefused(store.location(),
                           QStringLiteral("@%1 of %2 is unset now, but decision #%3 compared the "
                                          "candidate with %4; refusing to promote")
                               .arg(request.alias, reviewed.model)
                               .arg(id)
                               .arg(reviewedChampion.shown()));
    if (!champion.version.isEmpty() &&
        (champion.version != reviewed.championVersion || champion.runId != reviewed.championRunId))
        throw GuardRefused(
            store.location(),
            QStringLiteral("@%1 of %2 now points at %3, but decision #%4 compared the candidate "
                           "with %5; the candidate was never compared with the current champion "
                           "— re-run the gate")
                .arg(request.alias, reviewed.model, champion.shown())
                .arg(id)
                .arg(reviewed.championVersion.isEmpty()
                         ? QStringLiteral("a champion outside the registry")
                         : reviewedChampion.shown()));

    AliasChangeResult result;
    const AliasState target{reviewed.candidateVersion, reviewed.candidateRunId};
    result.plan =
        QStringLiteral("%1@%2: %3 → %4 in %5 (decision #%6)")
            .arg(reviewed.model, request.alias, champion.shown(), target.shown(), reviewed.registry)
            .arg(id);
    if (champion.version.isEmpty())
        result.plan += QStringLiteral("; @%1 is not set yet: this sets it for the first time")
                           .arg(request.alias);
    checkSigningPolicy(log, *record, request);
    if (!request.execute) return result;

    const QString author = resolveAuthor(request.author);
    writeAlias(store, reviewed.model, request.alias, target, result);
    const QJsonObject action{{QStringLiteral("action"), QStringLiteral("promote")},
                             {QStringLiteral("decision"), double(id)},
                             {QStringLiteral("registry"), reviewed.registry},
                             {QStringLiteral("model"), reviewed.model},
                             {QStringLiteral("alias"), request.alias},
                             {QStringLiteral("from"), stateJson(champion)},
                             {QStringLiteral("to"), stateJson(target)},
                             {QStringLiteral("test_set_fingerprint"), reviewed.testSetFingerprint},
                             {QStringLiteral("read_back"), result.readBack},
                             {QStringLiteral("outcome"), result.confirmed
                                                             ? QStringLiteral("confirmed")
                                                             : QStringLiteral("mismatch")},
                             {QStringLiteral("author"), author}};
    result.logged =
        recordAction(log, *record, action,
                     QStringLiteral("moved %1; read back %2").arg(result.plan, result.readBack),
                     author, request.signer);
    return result;
}

AliasChangeResult rollbackPromotion(DecisionLog &log, TrackingStore &store,
                                    const AliasChangeRequest &request)
{
    const qint64 id = request.recordId;
    const std::optional<DecisionRecord> record = log.record(id);
    if (!record) throw GuardRefused(log.path(), QStringLiteral("no record #%1 in the log").arg(id));
    const QJsonObject &a = record->registryAction;
    if (a.value(QStringLiteral("action")).toString() != QLatin1String("promote"))
        throw GuardRefused(log.path(),
                           QStringLiteral("record #%1 is not a promotion; rollback takes "
                                          "the record `mlflow promote` appended")
                               .arg(id));
    if (!record->isEffective())
        throw GuardRefused(log.path(), QStringLiteral("promotion #%1 was already rolled back or "
                                                      "superseded (record #%2)")
                                           .arg(id)
                                           .arg(*record->supersededBy));
    const QString model = a.value(QStringLiteral("model")).toString();
    const QString alias = a.value(QStringLiteral("alias")).toString();
    checkSameRegistry(a.value(QStringLiteral("registry")).toString(), store, id, log.path());
    const QJsonObject to = a.value(QStringLiteral("to")).toObject();
    const QJsonObject from = a.value(QStringLiteral("from")).toObject();
    const AliasState promoted{to.value(QStringLiteral("version")).toString(),
                              to.value(QStringLiteral("run_id")).toString()};
    const AliasState previous{from.value(QStringLiteral("version")).toString(),
                              from.value(QStringLiteral("run_id")).toString()};
    if (previous.version.isEmpty())
        throw GuardRefused(log.path(), QStringLiteral("promotion #%1 set @%2 for the first time; "
                                                      "there is no earlier version to roll back to")
                                           .arg(id)
                                           .arg(alias));
    const AliasState now = readAlias(store, model, alias);
    if (now.version != promoted.version || now.runId != promoted.runId)
        throw GuardRefused(
            store.location(),
            QStringLiteral("@%1 of %2 now points at %3, not at %4 that promotion #%5 "
                           "set; refusing to roll back over someone else's change")
                .arg(alias, model, now.shown(), promoted.shown())
                .arg(id));
    const MlflowModelVersion back = store.modelVersion(model, previous.version);
    if (back.runId != previous.runId)
        throw GuardRefused(store.location(),
                           QStringLiteral("%1 v%2 now belongs to run %3, not run %4 that @%5 "
                                          "pointed at before promotion #%6")
                               .arg(model, previous.version, back.runId, previous.runId, alias)
                               .arg(id));
    AliasChangeResult result;
    result.plan = QStringLiteral("%1@%2: %3 → %4 in %5 (rollback of promotion #%6)")
                      .arg(model, alias, now.shown(), previous.shown(),
                           a.value(QStringLiteral("registry")).toString())
                      .arg(id);
    checkSigningPolicy(log, *record, request);
    if (!request.execute) return result;
    const QString author = resolveAuthor(request.author);
    writeAlias(store, model, alias, previous, result);
    QJsonObject action = a;
    action.insert(QStringLiteral("action"), QStringLiteral("rollback"));
    action.insert(QStringLiteral("from"), stateJson(now));
    action.insert(QStringLiteral("to"), stateJson(previous));
    action.insert(QStringLiteral("read_back"), result.readBack);
    action.insert(QStringLiteral("outcome"),
                  result.confirmed ? QStringLiteral("confirmed") : QStringLiteral("mismatch"));
    action.insert(QStringLiteral("author"), author);
    result.logged = recordAction(
        log, *record, action,
        QStringLiteral("rolled back %1; read back %2").arg(result.plan, result.readBack), author,
        request.signer);
    return result;
}

QString resolveAuthor(const QString &explicitAuthor)
{
    if (!explicitAuthor.trimmed().isEmpty()) return explicitAuthor.trimmed();
    for (const char *variable : {"USER", "LOGNAME", "USERNAME"}) {
        const QString v = qEnvironmentVariable(variable).trimmed();
        if (!v.isEmpty()) return v;
    }
#ifdef Q_OS_UNIX
    if (const passwd *pw = getpwuid(getuid()); pw && pw->pw_name && *pw->pw_name)
        return QString::fromLocal8Bit(pw->pw_name);
#endif
    throw InputError(QString(), QStringLiteral("cannot tell who is acting (no $USER and no "
                                               "account name): pass --author NAME"));
}

QStringList writeBackGateResult(TrackingStore &store, const QJsonObject &gateReport,
                                const QByteArray &reportJson)
{
    const QString model = at(gateReport, {"candidate", "run", "model_name"});
    const QString version = at(gateReport, {"candidate", "run", "model_version"});
    const QString runId = at(gateReport, {"candidate", "run", "run_id"});
    if (model.isEmpty() || version.isEmpty() || runId.isEmpty())
        throw InputError(QString(), QStringLiteral("--write-back needs a candidate loaded from an "
                                                   "MLflow registry (models:/NAME@ALIAS or "
                                                   "models:/NAME/VERSION)"));
    const QString sha = sha256Hex(reportJson.constData(), size_t(reportJson.size()));
    const QJsonValue delta = gateReport.value(QStringLiteral("comparison"))
                                 .toObject()
                                 .value(QStringLiteral("net_benefit_delta"));
    const QString gateResult = gateReport.value(QStringLiteral("gate_result")).toString();
    QStringList written;
    auto tag = [&](const QString &key, const QString &value) {
        store.setModelVersionTag(model, version, key, value);
        written << QStringLiteral("%1 v%2 tag %3 = %4").arg(model, version, key, value);
    };
    tag(QStringLiteral("gate_result"), gateResult);
    tag(QStringLiteral("gate_net_benefit_delta"),
        delta.isDouble() ? QString::number(delta.toDouble(), 'f', 2) : QStringLiteral("n/a"));
    tag(QStringLiteral("gate_report_sha256"), sha);
    const MlflowRunRecord run = store.run(runId);
    store.logArtifact(run, QStringLiteral("gatereview/gate-report.json"), reportJson);
    written << QStringLiteral("run %1 artifact gatereview/gate-report.json (sha256 %2)")
                   .arg(runId, sha);
    return written;
}

} // namespace gr

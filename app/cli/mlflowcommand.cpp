#include "mlflowcommand.h"

#include "decisionlog/decisionlog.h"
#include "decisionlog/registryaction.h"
#include "gate/datasetevidence.h"
#include "mlflow/mlflowrunloader.h"
#include "model/errors.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace gr::cli {
namespace {

const char *const kUsage =
    "Usage: gatereview mlflow ACTION [options]\n\n"
    "Actions:\n"
    "  models                  registered models and their aliases\n"
    "  versions NAME           the versions of a model: run id, status, aliases\n"
    "  show ADDRESS            what a models:/NAME@ALIAS, models:/NAME/VERSION or runs:/RUN_ID "
    "holds\n"
    "  promote --decision ID   move @champion to the candidate's version of a recorded "
    "promotion\n\n"
    "Every action takes --tracking-uri URI (default: $MLFLOW_TRACKING_URI): "
    "sqlite:///path/mlflow.db,\n"
    "file:///path/mlruns, a path, or http(s)://host:port (MLFLOW_TRACKING_TOKEN or\n"
    "MLFLOW_TRACKING_USERNAME/PASSWORD authenticate).\n";

std::unique_ptr<TrackingStore> open(const QCommandLineParser &parser)
{
    TrackingConnection connection;
    if (parser.isSet(QStringLiteral("timeout"))) {
        bool ok = false;
        const double seconds = parser.value(QStringLiteral("timeout")).toDouble(&ok);
        if (!ok || seconds <= 0)
            throw InputError(
                QString(),
                QStringLiteral("--timeout must be a positive number of seconds, not '%1'")
                    .arg(parser.value(QStringLiteral("timeout"))));
        connection.timeoutMs = int(seconds * 1000);
    }
    return openTrackingStore(parser.value(QStringLiteral("tracking-uri")), connection);
}

void models(TrackingStore &store, bool json, QTextStream &out)
{
    const QList<MlflowRegisteredModel> list = store.registeredModels();
    if (json) {
        QJsonArray a;
        for (const auto &m : list) {
            QJsonObject aliases;
            for (auto it = m.aliases.cbegin(); it != m.aliases.cend(); ++it)
                aliases.insert(it.key(), it.value());
            a.append(QJsonObject{{QStringLiteral("name"), m.name},
                                 {QStringLiteral("description"), m.description},
                                 {QStringLiteral("aliases"), aliases}});
        }
        out << QJsonDocument(a).toJson(QJsonDocument::Indented);
        return;
    }
    out << store.kind() << " " << store.location() << ": " << list.size()
        << " registered model(s)\n";
    for (const auto &m : list) {
        QStringList aliases;
        for (auto it = m.aliases.cbegin(); it != m.aliases.cend(); ++it)
            aliases << QStringLiteral("@%1 → v%2").arg(it.key(), it.value());
        out << "  " << m.name
            << (aliases.isEmpty()
                    ? QString()
                    : QStringLiteral("  (") + aliases.join(QStringLiteral(", ")) + QLatin1Char(')'))
            << "\n";
    }
}

void versions(TrackingStore &store, const QString &model, bool json, QTextStream &out)
{
    const QList<MlflowModelVersion> list = store.modelVersions(model);
    if (json) {
        QJsonArray a;
        for (const auto &v : list)
            a.append(QJsonObject{{QStringLiteral("version"), v.version},
                                 {QStringLiteral("run_id"), v.runId},
                                 {QStringLiteral("status"), v.status},
                                 {QStringLiteral("aliases"), QJsonArray::fromStringList(v.aliases)},
                                 {QStringLiteral("description"), v.description}});
        out << QJsonDocument(a).toJson(QJsonDocument::Indented);
        return;
    }
    out << model << ": " << list.size() << " version(s)\n";
    for (const auto &v : list)
        out << "  v" << v.version << "  run " << v.runId << "  " << v.status
            << (v.aliases.isEmpty() ? QString()
                                    : QStringLiteral("  @") + v.aliases.join(QStringLiteral(" @")))
            << "\n";
}

void show(TrackingStore &store, const QString &address, const RunSourceOptions &options,
          QTextStream &out)
{
    const std::shared_ptr<Run> run = loadMlflowRun(store, address, options);
    const RunMetadata &m = run->meta;
    out << run->label() << "\n";
    if (!m.modelName.isEmpty())
        out << "  model      " << m.modelName << " v" << m.modelVersion
            << (m.alias.isEmpty() ? QString() : QStringLiteral(" @") + m.alias) << "\n";
    out << "  run        " << m.runId << "\n";
    out << "  threshold  " << run->threshold << " (" << toString(run->thresholdSource) << ")\n";
    out << "  predictions " << run->predictions.source << ": " << run->predictions.size()
        << " rows, " << run->predictions.positives << " positive, fingerprint "
        << run->predictions.fingerprint.left(12) << "\n";
    for (const DatasetInput &d : m.datasets)
        out << "  dataset    " << (d.context.isEmpty() ? QStringLiteral("(no context)") : d.context)
            << ": " << d.name << " digest " << d.digest
            << (d.rows ? QStringLiteral(", %1 rows").arg(*d.rows) : QString()) << "\n";
    for (auto it = m.metrics.cbegin(); it != m.metrics.cend(); ++it)
        out << "  metric     " << it.key() << " = " << QString::number(it.value(), 'g', 10) << "\n";
    for (auto it = m.params.cbegin(); it != m.params.cend(); ++it)
        out << "  param      " << it.key() << " = " << it.value() << "\n";
    for (const QString &note : m.notes)
        out << "  note: " << note << "\n";
}

// The guard: only an effective "Promote candidate" decision on a PROMOTED gate, whose two runs
// came from the same registered model, may move @champion — and only with --yes.
int promote(TrackingStore &store, const QCommandLineParser &parser, QTextStream &out,
            QTextStream &err)
{
    bool ok = false;
    const qint64 id = parser.value(QStringLiteral("decision")).toLongLong(&ok);
    if (!ok) {
        err << "gatereview mlflow promote: --decision ID (a record of the decision log) is "
               "required\n";
        return ExitUsage;
    }
    DecisionLog log(resolveDecisionLogPath(parser.value(QStringLiteral("log"))),
                    DecisionLog::OpenMode::ExistingOnly);
    const std::optional<DecisionRecord> record = log.record(id);
    if (!record) throw InputError(log.path(), QStringLiteral("no decision #%1 in the log").arg(id));
    if (record->decision.kind != DecisionKind::PromoteCandidate ||
        record->facts.gateResult != QLatin1String("PROMOTED"))
        throw InputError(log.path(),
                         QStringLiteral("decision #%1 is '%2' on a %3 gate; only a 'Promote "
                                        "candidate' decision on a PROMOTED gate moves @champion")
                             .arg(id)
                             .arg(displayName(record->decision.kind), record->facts.gateResult));
    if (!record->isEffective())
        throw InputError(log.path(), QStringLiteral("decision #%1 was superseded by #%2")
                                         .arg(id)
                                         .arg(*record->supersededBy));
    const RecordedRun &candidate = record->facts.candidate;
    const RecordedRun &champion = record->facts.champion;
    if (candidate.modelName.isEmpty() || candidate.modelVersion.isEmpty())
        throw InputError(
            log.path(), QStringLiteral("decision #%1 reviewed a candidate that was not loaded from "
                                       "an MLflow registry, so there is no version to promote")
                            .arg(id));
    if (!champion.modelName.isEmpty() && champion.modelName != candidate.modelName)
        throw InputError(log.path(),
                         QStringLiteral("decision #%1 compared two registered models (%2 and %3); "
                                        "@champion belongs to one of them — move it in MLflow")
                             .arg(id)
                             .arg(champion.modelName, candidate.modelName));
    const QString alias = parser.isSet(QStringLiteral("alias"))
                              ? parser.value(QStringLiteral("alias"))
                              : QStringLiteral("champion");
    QString from = QStringLiteral("(unset)");
    for (const auto &m : store.registeredModels())
        if (m.name == candidate.modelName && m.aliases.contains(alias))
            from = QStringLiteral("v") + m.aliases.value(alias);
    const QString plan =
        QStringLiteral("%1@%2: %3 → v%4 in %5 (decision #%6 by %7)")
            .arg(candidate.modelName, alias, from, candidate.modelVersion, store.location())
            .arg(id)
            .arg(record->decision.author);
    if (!parser.isSet(QStringLiteral("yes"))) {
        out << "Would move " << plan << "\nNothing changed: add --yes to move the alias.\n";
        return ExitFailure;
    }
    store.setAlias(candidate.modelName, alias, candidate.modelVersion);
    // The move is part of the decision's story: record it (a superseding record, append-only).
    const DecisionRecord logged =
        recordRegistryAction(log, id, QStringLiteral("moved ") + plan, defaultAuthor());
    out << "Moved " << plan << "\nRecorded as decision #" << logged.id << " (supersedes #" << id
        << ").\n";
    return ExitDecided;
}

} // namespace

int MlflowCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const QString action = arguments.value(0);
    if (action.isEmpty() || action == QLatin1String("--help") || action == QLatin1String("-h")) {
        (action.isEmpty() ? err : out) << kUsage;
        return action.isEmpty() ? ExitUsage : ExitDecided;
    }
    const QStringList actions{QStringLiteral("models"), QStringLiteral("versions"),
                              QStringLiteral("show"), QStringLiteral("promote")};
    if (!actions.contains(action)) {
        err << "gatereview mlflow: unknown action '" << action << "'\n\n" << kUsage;
        return ExitUsage;
    }
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("tracking-uri"),
         QStringLiteral("MLflow tracking URI (default: $MLFLOW_TRACKING_URI)."),
         QStringLiteral("URI")},
        {QStringLiteral("timeout"),
         QStringLiteral("Tracking server timeout per request, seconds (default 30)."),
         QStringLiteral("S")},
        {QStringLiteral("json"), QStringLiteral("models, versions: print JSON.")},
        {QStringLiteral("artifact-path"),
         QStringLiteral("show: predictions artifact inside the run (default: predictions.csv)."),
         QStringLiteral("PATH")},
        {QStringLiteral("decision"), QStringLiteral("promote: the decision log record to act on."),
         QStringLiteral("ID")},
        {QStringLiteral("log"),
         QStringLiteral(
             "promote: the decision log (default: $GATEREVIEW_LOG, else the per-user log)."),
         QStringLiteral("PATH")},
        {QStringLiteral("alias"), QStringLiteral("promote: the alias to move (default: champion)."),
         QStringLiteral("NAME")},
        {QStringLiteral("yes"),
         QStringLiteral(
             "promote: really move the alias (without it, only say what would change).")},
    });
    if (!parser.parse(QStringList{QStringLiteral("gatereview mlflow ") + action} +
                      arguments.mid(1))) {
        err << "gatereview mlflow " << action << ": " << parser.errorText() << "\n";
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return ExitDecided;
    }
    const QStringList positional = parser.positionalArguments();
    const int wanted =
        action == QLatin1String("versions") || action == QLatin1String("show") ? 1 : 0;
    if (positional.size() != wanted) {
        err << "gatereview mlflow " << action << ": expected " << wanted << " argument(s), got "
            << positional.size() << " (see --help)\n";
        return ExitUsage;
    }
    try {
        const std::unique_ptr<TrackingStore> store = open(parser);
        if (action == QLatin1String("models"))
            models(*store, parser.isSet(QStringLiteral("json")), out);
        else if (action == QLatin1String("versions"))
            versions(*store, positional.first(), parser.isSet(QStringLiteral("json")), out);
        else if (action == QLatin1String("show")) {
            RunSourceOptions options;
            if (parser.isSet(QStringLiteral("artifact-path")))
                options.artifactPath = parser.value(QStringLiteral("artifact-path"));
            show(*store, positional.first(), options, out);
        } else
            return promote(*store, parser, out, err);
        return ExitDecided;
    } catch (const InputError &e) {
        err << "gatereview mlflow " << action << ": " << e.message() << "\n";
        return ExitUsage;
    }
}

} // namespace gr::cli

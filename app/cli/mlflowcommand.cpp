#include "mlflowcommand.h"

#include "decisionlog/decisionlog.h"
#include "decisionlog/recordsigning.h"
#include "gate/datasetevidence.h"
#include "mlflow/mlflowrunloader.h"
#include "model/errors.h"
#include "model/redaction.h"
#include "registry/registryaction.h"

#include <QCommandLineParser>
#include <QFile>
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
    "  promote --decision ID   move @champion to the candidate of a recorded promotion, only if\n"
    "                          @champion and @candidate are still what was reviewed (dry run\n"
    "                          without --yes)\n"
    "  rollback --action ID    move @champion back to where promotion record ID found it, only if\n"
    "                          it still points at what that promotion set (dry run without "
    "--yes)\n\n"
    "Every action takes --tracking-uri URI (default: $MLFLOW_TRACKING_URI): "
    "sqlite:///path/mlflow.db,\n"
    "file:///path/mlruns, a path, or http(s)://host:port (MLFLOW_TRACKING_TOKEN or\n"
    "MLFLOW_TRACKING_USERNAME/PASSWORD authenticate).\n";

std::unique_ptr<TrackingStore> open(const QCommandLineParser &parser)
{
    TrackingConnection connection;
    connection.timeoutMs = trackingTimeoutOption(parser.value(QStringLiteral("timeout")));
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
    out << store.kind() << " " << redactUri(store.location()) << ": " << list.size()
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

// promote and rollback: the guarded compare-and-swap lives in the core (registryaction.h), shared
// with the GUI; this only parses, prints and maps the outcome to an exit code.
int changeAlias(TrackingStore &store, const QCommandLineParser &parser, bool rollback,
                QTextStream &out, QTextStream &err)
{
    const QString option = rollback ? QStringLiteral("action") : QStringLiteral("decision");
    bool ok = false;
    AliasChangeRequest request;
    request.recordId = parser.value(option).toLongLong(&ok);
    if (!ok) {
        err << "gatereview mlflow " << (rollback ? "rollback" : "promote") << ": --" << option
            << " ID (a record of the decision log) is required\n";
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("alias")))
        request.alias = parser.value(QStringLiteral("alias"));
    request.author = parser.value(QStringLiteral("author"));
    request.execute = parser.isSet(QStringLiteral("yes"));
    if (request.execute) request.author = resolveAuthor(request.author); // fail before any write
    // The action record is signed as `log record` signs (a log may require it).
    std::optional<SigningKey> key;
    if (parser.isSet(QStringLiteral("signing-key")))
        key = SigningKey::load(parser.value(QStringLiteral("signing-key")));
    else if (QFile::exists(defaultSigningKeyPath()))
        key = SigningKey::load(defaultSigningKeyPath());
    request.signer = key ? &*key : nullptr;
    DecisionLog log(resolveDecisionLogPath(parser.value(QStringLiteral("log"))),
                    DecisionLog::OpenMode::ExistingOnly);
    const AliasChangeResult result =
        rollback ? rollbackPromotion(log, store, request) : promoteDecision(log, store, request);
    if (!result.executed) {
        out << "Would move " << result.plan
            << "\nNothing changed (dry run): add --yes to move the alias.\n";
        return ExitDecided;
    }
    out << "Moved " << result.plan << "\nRead back: @" << request.alias << " is " << result.readBack
        << (result.confirmed ? " (confirmed)" : " (MISMATCH: another writer?)")
        << "\nRecorded as action #" << result.logged->id << " by " << request.author
        << " (supersedes #" << request.recordId << ").\n"
        << "Note: MLflow has no atomic alias swap; between the re-read and the write another "
           "writer could move the alias, which the read-back would show.\n";
    return result.confirmed ? ExitDecided : ExitFailure;
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
                              QStringLiteral("show"), QStringLiteral("promote"),
                              QStringLiteral("rollback")};
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
         QStringLiteral("Tracking server inactivity limit, seconds (default: "
                        "$MLFLOW_HTTP_REQUEST_TIMEOUT, else 120)."),
         QStringLiteral("S")},
        {QStringLiteral("json"), QStringLiteral("models, versions: print JSON.")},
        {QStringLiteral("artifact-path"),
         QStringLiteral("show: predictions artifact inside the run (default: predictions.csv)."),
         QStringLiteral("PATH")},
        {QStringLiteral("decision"), QStringLiteral("promote: the decision log record to act on."),
         QStringLiteral("ID")},
        {QStringLiteral("action"),
         QStringLiteral("rollback: the promotion record (appended by promote) to undo."),
         QStringLiteral("ID")},
        {QStringLiteral("author"),
         QStringLiteral("promote, rollback: who acts (default: the OS user)."),
         QStringLiteral("NAME")},
        {QStringLiteral("log"),
         QStringLiteral(
             "promote: the decision log (default: $GATEREVIEW_LOG, else the per-user log)."),
         QStringLiteral("PATH")},
        {QStringLiteral("alias"), QStringLiteral("promote: the alias to move (default: champion)."),
         QStringLiteral("NAME")},
        {QStringLiteral("signing-key"),
         QStringLiteral("promote, rollback: sign the action record with this Ed25519 key "
                        "(default: %1 when it exists).")
             .arg(defaultSigningKeyPath()),
         QStringLiteral("FILE")},
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
            return changeAlias(*store, parser, action == QLatin1String("rollback"), out, err);
        return ExitDecided;
    } catch (const GuardRefused &e) {
        err << "gatereview mlflow " << action << ": refused: " << e.message()
            << "\nNothing was changed.\n";
        return ExitFailure;
    } catch (const InputError &e) {
        err << "gatereview mlflow " << action << ": " << e.message() << "\n";
        return ExitUsage;
    }
}

} // namespace gr::cli

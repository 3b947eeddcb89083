#include "gatecommand.h"
#include "outputfiles.h"

#include "canaryevaluator.h"
#include "canaryimport.h"
#include "canarypolicy.h"
#include "gate/gateevaluator.h"
#include "io/runloader.h"
#include "mlflow/trackingstore.h"
#include "model/errors.h"
#include "model/numberparsing.h"
#include "model/parallel.h"
#include "registry/registryaction.h"
#include "report/gatereportjson.h"
#include "review/openreview.h"

#include <QCommandLineParser>
#include <QJsonDocument>

namespace gr::cli {
namespace {

std::optional<double> thresholdOption(const QCommandLineParser &parser, const QString &name)
{
    if (!parser.isSet(name)) return std::nullopt;
    return parseThreshold(parser.value(name), QStringLiteral("--") + name); // NaN, inf refused
}

} // namespace

int GateCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("champion"),
         QStringLiteral(
             "The model serving now: a prediction file, a run folder, or an MLflow address."),
         QStringLiteral("SRC")},
        {QStringLiteral("candidate"),
         QStringLiteral("The model that wants to replace it (same forms)."), QStringLiteral("SRC")},
        {QStringLiteral("policy"),
         QStringLiteral("Gate policy YAML (default: the built-in policy in the README)."),
         QStringLiteral("FILE")},
        {QStringLiteral("json"), QStringLiteral("Write the JSON report to FILE, or - for stdout."),
         QStringLiteral("FILE")},
        {QStringLiteral("markdown"),
         QStringLiteral("Write a Markdown report to FILE, or - for stdout."),
         QStringLiteral("FILE")},
        {QStringLiteral("github-output"),
         QStringLiteral("Append gate_result=... to FILE (GitHub Actions $GITHUB_OUTPUT)."),
         QStringLiteral("FILE")},
        {QStringLiteral("step-summary"),
         QStringLiteral("Append a Markdown job summary to FILE ($GITHUB_STEP_SUMMARY)."),
         QStringLiteral("FILE")},
        {QStringLiteral("champion-threshold"),
         QStringLiteral("Override the champion's declared threshold."), QStringLiteral("T")},
        {QStringLiteral("candidate-threshold"),
         QStringLiteral("Override the candidate's declared threshold."), QStringLiteral("T")},
        {QStringLiteral("id-column"),
         QStringLiteral("Row id column name (default: row_id|id|index)."), QStringLiteral("NAME")},
        {QStringLiteral("label-column"),
         QStringLiteral("True label column name (default: y_true|label|target|actual)."),
         QStringLiteral("NAME")},
        {QStringLiteral("score-column"),
         QStringLiteral("Score column name (default: y_score|score|proba|probability|prediction)."),
         QStringLiteral("NAME")},
        {QStringLiteral("positive-class"),
         QStringLiteral(
             "Label value of the positive class, when labels are not 0/1 or true/false."),
         QStringLiteral("VALUE")},
        {QStringLiteral("tracking-uri"),
         QStringLiteral("MLflow tracking URI for models:/ and runs:/ sources (default: "
                        "$MLFLOW_TRACKING_URI)."),
         QStringLiteral("URI")},
        {QStringLiteral("artifact-path"),
         QStringLiteral("Predictions artifact inside an MLflow run (default: predictions.csv)."),
         QStringLiteral("PATH")},
        {QStringLiteral("timeout"),
         QStringLiteral("Tracking server inactivity limit, seconds (default: "
                        "$MLFLOW_HTTP_REQUEST_TIMEOUT, else 120)."),
         QStringLiteral("S")},
        {QStringLiteral("write-back"),
         QStringLiteral("Tag the candidate model version with gate_result, "
                        "gate_net_benefit_delta and gate_report_sha256, and log the JSON report "
                        "as its run's artifact gatereview/gate-report.json (tracking server).")},
        {QStringLiteral("canary-data"),
         QStringLiteral(
             "Canary metrics (Prometheus JSON or CSV; repeatable): layer 4 is judged under the "
             "policy's canary: section and joins the report. It never changes gate_result."),
         QStringLiteral("FILE")},
        {QStringLiteral("quiet"), QStringLiteral("Print nothing but errors.")},
    });
    if (!parser.parse(QStringList{QStringLiteral("gatereview gate")} + arguments)) {
        err << "gatereview gate: " << parser.errorText() << "\n";
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return ExitDecided;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << "gatereview gate: unexpected argument '" << parser.positionalArguments().first()
            << "'\n";
        return ExitUsage;
    }
    if (!parser.isSet(QStringLiteral("champion")) || !parser.isSet(QStringLiteral("candidate"))) {
        err << "gatereview gate: both --champion and --candidate are required (see --help)\n";
        return ExitUsage;
    }
    try {
        ReviewRequest request;
        request.champion = parser.value(QStringLiteral("champion"));
        request.candidate = parser.value(QStringLiteral("candidate"));
        request.policy = parser.value(QStringLiteral("policy"));
        request.trackingUri = parser.value(QStringLiteral("tracking-uri"));
        RunSourceOptions base;
        base.columns = {parser.value(QStringLiteral("id-column")),
                        parser.value(QStringLiteral("label-column")),
                        parser.value(QStringLiteral("score-column")),
                        parser.value(QStringLiteral("positive-class"))};
        if (parser.isSet(QStringLiteral("artifact-path")))
            base.artifactPath = parser.value(QStringLiteral("artifact-path"));
        base.trackingTimeoutMs = trackingTimeoutOption(parser.value(QStringLiteral("timeout")));
        request.championOptions = request.candidateOptions = base;
        request.championOptions.thresholdOverride =
            thresholdOption(parser, QStringLiteral("champion-threshold"));
        request.candidateOptions.thresholdOverride =
            thresholdOption(parser, QStringLiteral("candidate-threshold"));
        request.canaryData = parser.values(QStringLiteral("canary-data"));
        if (!request.canaryData.isEmpty() && request.policy.isEmpty())
            throw InputError(QString(),
                             QStringLiteral("--canary-data needs --policy with a canary: section"));

        const Review review = openReview(request);
        const GateReport &report = *review.report;
        const QByteArray json =
            QJsonDocument(gateReportToJson(report)).toJson(QJsonDocument::Indented);
        if (parser.isSet(QStringLiteral("json")))
            writeOutput(parser.value(QStringLiteral("json")), json, out);
        if (parser.isSet(QStringLiteral("markdown")))
            writeOutput(parser.value(QStringLiteral("markdown")),
                        gateReportToMarkdown(report).toUtf8(), out);
        if (parser.isSet(QStringLiteral("write-back"))) {
            TrackingConnection connection;
            connection.timeoutMs = base.trackingTimeoutMs;
            const auto store = openTrackingStore(request.trackingUri, connection);
            for (const QString &line : writeBackGateResult(*store, gateReportToJson(report), json))
                err << "gatereview gate: wrote back " << line << "\n";
        }
        if (parser.isSet(QStringLiteral("github-output")))
            appendToFile(parser.value(QStringLiteral("github-output")),
                         QByteArray("gate_result=") + toString(report.result).toLatin1() + '\n');
        if (parser.isSet(QStringLiteral("step-summary")))
            appendToFile(parser.value(QStringLiteral("step-summary")),
                         gateReportToMarkdown(report).toUtf8() + '\n');
        const bool jsonToStdout = parser.value(QStringLiteral("json")) == QLatin1String("-") ||
                                  parser.value(QStringLiteral("markdown")) == QLatin1String("-");
        if (!parser.isSet(QStringLiteral("quiet")))
            (jsonToStdout ? err : out) << gateReportToText(report);
        return report.result == GateResult::Invalid ? ExitInvalid : ExitDecided;
    } catch (const InputError &e) {
        err << "gatereview gate: " << e.message() << "\n";
        return ExitUsage;
    }
}

} // namespace gr::cli

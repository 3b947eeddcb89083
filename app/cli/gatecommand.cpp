#include "gatecommand.h"
#include "outputfiles.h"
#include "reviewrequestoptions.h"

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

int GateCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    parser.addHelpOption();
    addReviewRequestOptions(parser);
    parser.addOptions({
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
        ReviewRequest request = reviewRequestFromOptions(parser);
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
            connection.timeoutMs = request.candidateOptions.trackingTimeoutMs;
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

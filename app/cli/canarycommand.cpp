#include "canarycommand.h"
#include "outputfiles.h"

#include "canaryevaluator.h"
#include "model/errors.h"

#include <QCommandLineParser>
#include <QJsonDocument>

namespace gr::cli {

int CanaryCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        description() +
        QStringLiteral(
            "\n\nExit status: 0 when decided (PROMOTE or ROLLBACK: read canary_result), 3 when "
            "INCONCLUSIVE\n"
            "(too little traffic or no clear judgement: keep the canary running), 2 for usage or "
            "input errors.\n"
            "Data formats, policy keys and the PromQL for a KServe canary: docs/canary.md."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("policy"), QStringLiteral("Gate policy YAML with a canary: section."),
         QStringLiteral("FILE")},
        {QStringLiteral("data"),
         QStringLiteral("Canary data: a Prometheus query_range response (JSON) or CSV "
                        "timestamp,variant,metric,value. Repeat for several files."),
         QStringLiteral("FILE")},
        {QStringLiteral("json"),
         QStringLiteral("Write the canary report as JSON to FILE, or - for stdout."),
         QStringLiteral("FILE")},
        {QStringLiteral("github-output"),
         QStringLiteral(
             "Append canary_result=PROMOTE|ROLLBACK|INCONCLUSIVE to FILE ($GITHUB_OUTPUT)."),
         QStringLiteral("FILE")},
        {QStringLiteral("quiet"), QStringLiteral("Print nothing but errors.")},
    });
    if (!parser.parse(QStringList{QStringLiteral("gatereview canary")} + arguments)) {
        err << "gatereview canary: " << parser.errorText() << "\n";
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return ExitDecided;
    }
    // Data files may also be given as positional arguments (e.g. a shell glob after --data).
    const QStringList dataFiles =
        parser.values(QStringLiteral("data")) + parser.positionalArguments();
    if (!parser.isSet(QStringLiteral("policy")) || !parser.isSet(QStringLiteral("data"))) {
        err << "gatereview canary: --policy and at least one --data file are required (see "
               "--help)\n";
        return ExitUsage;
    }
    try {
        const CanaryPolicy policy = loadCanaryPolicy(parser.value(QStringLiteral("policy")));
        const CanaryResult result =
            evaluateCanary(loadCanaryFiles(dataFiles, policy.labels), policy);
        if (parser.isSet(QStringLiteral("json")))
            writeOutput(parser.value(QStringLiteral("json")),
                        QJsonDocument(canaryResultToJson(result)).toJson(QJsonDocument::Indented),
                        out);
        if (parser.isSet(QStringLiteral("github-output")))
            appendToFile(parser.value(QStringLiteral("github-output")),
                         QByteArray("canary_result=") + toString(result.verdict).toLatin1() + '\n');
        if (!parser.isSet(QStringLiteral("quiet")))
            (parser.value(QStringLiteral("json")) == QLatin1String("-") ? err : out)
                << canaryResultToText(result);
        return result.verdict == CanaryVerdict::Inconclusive ? ExitInvalid : ExitDecided;
    } catch (const InputError &e) {
        err << "gatereview canary: " << e.message() << "\n";
        return ExitUsage;
    }
}

} // namespace gr::cli

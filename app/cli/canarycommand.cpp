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
        {QStringLiteral("variant-label"),
         QStringLiteral("Label naming the variant of a Prometheus series (overrides the policy's "
                        "canary.source.variant_label), e.g. revision_name."),
         QStringLiteral("LABEL")},
        {QStringLiteral("baseline"),
         QStringLiteral("Value of that label for the baseline, e.g. fraud-predictor-00001."),
         QStringLiteral("VALUE")},
        {QStringLiteral("canary"),
         QStringLiteral("Value of that label for the canary, e.g. fraud-predictor-00002."),
         QStringLiteral("VALUE")},
        {QStringLiteral("print-interval-seconds"),
         QStringLiteral("Print the policy's canary interval in seconds (the query_range step) "
                        "and exit; needs only --policy.")},
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
    if (parser.isSet(QStringLiteral("print-interval-seconds"))) {
        if (!parser.isSet(QStringLiteral("policy"))) {
            err << "gatereview canary: --print-interval-seconds needs --policy\n";
            return ExitUsage;
        }
        try {
            out << QString::number(
                       loadCanaryPolicy(parser.value(QStringLiteral("policy"))).intervalSeconds,
                       'g', 15)
                << "\n";
            return ExitDecided;
        } catch (const InputError &e) {
            err << "gatereview canary: " << e.message() << "\n";
            return ExitUsage;
        }
    }
    if (!parser.isSet(QStringLiteral("policy")) || !parser.isSet(QStringLiteral("data"))) {
        err << "gatereview canary: --policy and at least one --data file are required (see "
               "--help)\n";
        return ExitUsage;
    }
    try {
        CanaryPolicy policy = loadCanaryPolicy(parser.value(QStringLiteral("policy")));
        if (parser.isSet(QStringLiteral("variant-label")))
            policy.labels.variantLabel = parser.value(QStringLiteral("variant-label"));
        if (parser.isSet(QStringLiteral("baseline")))
            policy.labels.baselineValue = parser.value(QStringLiteral("baseline"));
        if (parser.isSet(QStringLiteral("canary")))
            policy.labels.canaryValue = parser.value(QStringLiteral("canary"));
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

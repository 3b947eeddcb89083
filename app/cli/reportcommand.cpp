#include "reportcommand.h"
#include "outputfiles.h"
#include "reviewrequestoptions.h"

#include "gate/gateevaluator.h"
#include "io/runloader.h"
#include "mlflow/trackingstore.h"
#include "model/errors.h"
#include "model/numberparsing.h"
#include "model/parallel.h"
#include "report/decisionreport.h"
#include "review/openreview.h"
#include "session/reviewsession.h"

#include <QBuffer>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QGuiApplication>
#include <QJsonDocument>

namespace gr::cli {
namespace {

const QStringList kFormats = {QStringLiteral("pdf"), QStringLiteral("html"), QStringLiteral("md"),
                              QStringLiteral("json")};

// Reproducible builds' convention: SOURCE_DATE_EPOCH pins every timestamp in the report.
QDateTime reportClock()
{
    bool ok = false;
    const qint64 epoch = qEnvironmentVariable("SOURCE_DATE_EPOCH").toLongLong(&ok);
    return ok ? QDateTime::fromSecsSinceEpoch(epoch, Qt::UTC) : QDateTime::currentDateTimeUtc();
}

QString formatOf(const QCommandLineParser &parser)
{
    QString format = parser.value(QStringLiteral("format")).toLower();
    if (format.isEmpty()) // from the output's extension
        format = QFileInfo(parser.value(QStringLiteral("output"))).suffix().toLower();
    if (format == QLatin1String("markdown")) format = QStringLiteral("md");
    if (format == QLatin1String("htm")) format = QStringLiteral("html");
    if (!kFormats.contains(format))
        throw InputError(
            QString(),
            QStringLiteral(
                "--format must be one of %1 (or give --output a .pdf, .html, .md or .json name)")
                .arg(kFormats.join(QStringLiteral(", "))));
    return format;
}

std::optional<Decision> decisionOption(const QCommandLineParser &parser, const QDateTime &now)
{
    if (!parser.isSet(QStringLiteral("decision"))) {
        if (parser.isSet(QStringLiteral("rationale")) || parser.isSet(QStringLiteral("author")))
            throw InputError(
                QString(),
                QStringLiteral("--rationale and --author describe a --decision; give one"));
        return std::nullopt;
    }
    Decision d;
    if (!decisionKindFromString(parser.value(QStringLiteral("decision")), &d.kind))
        throw InputError(QString(), QStringLiteral("--decision must be one of %1, not '%2'")
                                        .arg(decisionKindNames().join(QStringLiteral(", ")),
                                             parser.value(QStringLiteral("decision"))));
    d.rationale = parser.value(QStringLiteral("rationale"));
    d.author = parser.isSet(QStringLiteral("author")) ? parser.value(QStringLiteral("author"))
                                                      : qEnvironmentVariable("USER");
    d.decidedAt = now;
    return d;
}

} // namespace

int ReportCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    parser.addHelpOption();
    addReviewRequestOptions(parser); // the same source options as `gate`
    parser.addOptions({
        {QStringLiteral("session"),
         QStringLiteral("A saved review (.gatereview): its inputs, thresholds and notes. Options "
                        "given here win."),
         QStringLiteral("FILE")},
        {QStringLiteral("format"),
         QStringLiteral("pdf, html, md or json (default: from the --output extension)."),
         QStringLiteral("FORMAT")},
        {QStringLiteral("output"),
         QStringLiteral("Write the report to FILE (- for stdout, except pdf)."),
         QStringLiteral("FILE")},
        {QStringLiteral("decision"),
         QStringLiteral("Include a decision: %1.")
             .arg(decisionKindNames().join(QStringLiteral(", "))),
         QStringLiteral("D")},
        {QStringLiteral("rationale"), QStringLiteral("Why (required with --decision)."),
         QStringLiteral("TEXT")},
        {QStringLiteral("author"), QStringLiteral("Who decided (default: $USER)."),
         QStringLiteral("A")},
    });
    if (!parser.parse(QStringList{QStringLiteral("gatereview report")} + arguments)) {
        err << "gatereview report: " << parser.errorText() << "\n";
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText()
            << "\nSet SOURCE_DATE_EPOCH to pin the report's timestamps (reproducible output).\n";
        return ExitDecided;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << "gatereview report: unexpected argument '" << parser.positionalArguments().first()
            << "'\n";
        return ExitUsage;
    }
    try {
        if (!parser.isSet(QStringLiteral("output")))
            throw InputError(QString(), QStringLiteral("--output is required (see --help)"));
        const QString format = formatOf(parser);
        if (format == QLatin1String("pdf") &&
            parser.value(QStringLiteral("output")) == QLatin1String("-"))
            throw InputError(
                QString(), QStringLiteral("a PDF cannot go to stdout: give --output a file name"));
        if (format == QLatin1String("pdf") &&
            !qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
            throw InputError(QString(),
                             QStringLiteral("PDF output needs a QGuiApplication for its fonts (an "
                                            "embedding program must create one)"));

        ReviewSession session;
        if (parser.isSet(QStringLiteral("session")))
            session = loadReviewSession(parser.value(QStringLiteral("session")));
        ReviewRequest request = reviewRequestFromOptions(parser, &session);
        if (request.champion.isEmpty() || request.candidate.isEmpty())
            throw InputError(
                QString(),
                QStringLiteral(
                    "name the runs with --champion and --candidate, or give a --session"));

        const QDateTime now = reportClock();
        const std::optional<Decision> decision = decisionOption(parser, now);
        request.canaryData = session.canaryData; // layer 4 as the review judged it
        request.canaryPolicy = session.canaryPolicy;
        OpenReviewOptions options;
        options.gate.now = now;
        const Review review = openReview(request, options);
        const std::shared_ptr<const GateReport> gate = review.report;
        if (decision) {
            const QString problem = validateDecision(*decision, toString(gate->result));
            if (!problem.isEmpty())
                throw InputError(QString(),
                                 QStringLiteral("cannot record this decision: %1").arg(problem));
        }
        std::optional<Decision> recorded = decision;
        if (recorded) {
            recorded->notes = session.notes;
            recorded->gateReport =
                QJsonObject(); // the report carries the gate report once, at its top level
        }
        DecisionReportInput input = makeDecisionReportInput(gate, session.notes, recorded, now);
        input.championWhatIf = session.championWhatIf;
        input.candidateWhatIf = session.candidateWhatIf;

        QByteArray bytes;
        if (format == QLatin1String("html"))
            bytes = decisionReportToHtml(input).toUtf8();
        else if (format == QLatin1String("md"))
            bytes = decisionReportToMarkdown(input).toUtf8();
        else if (format == QLatin1String("json"))
            bytes = QJsonDocument(decisionReportToJson(input)).toJson(QJsonDocument::Indented);
        else {
            QBuffer buffer(&bytes);
            buffer.open(QIODevice::WriteOnly);
            if (!writeDecisionReportPdf(input, &buffer))
                throw InputError(parser.value(QStringLiteral("output")),
                                 QStringLiteral("the PDF could not be painted"));
        }
        writeOutput(parser.value(QStringLiteral("output")), bytes, out);
        if (parser.value(QStringLiteral("output")) != QLatin1String("-"))
            out << "Wrote the " << format << " decision report (gate " << toString(gate->result)
                << ") to " << parser.value(QStringLiteral("output")) << "\n";
        return ExitDecided;
    } catch (const InputError &e) {
        err << "gatereview report: " << e.message() << "\n";
        return ExitUsage;
    }
}

} // namespace gr::cli

// Decision reports (HTML, Markdown and JSON against goldens with an injected clock; PDF through
// pdftotext), the inertness of hostile notes, review sessions, and `gatereview report`.
#include "analysis/reviewanalysis.h"
#include "cli/command.h"
#include "metrics/pairedcomparison.h"
#include "model/errors.h"
#include "report/gatereportjson.h"
#include "reportfixture.h"
#include "session/reviewsession.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>

using namespace gr;
using namespace gr::test;

namespace {

QString render(const QString &format, const DecisionReportInput &in)
{
    if (format == QLatin1String("html")) return decisionReportToHtml(in);
    if (format == QLatin1String("md")) return decisionReportToMarkdown(in);
    return QString::fromUtf8(
        QJsonDocument(decisionReportToJson(in)).toJson(QJsonDocument::Indented));
}

QString goldenPath(const QString &name)
{
    return QStringLiteral(GR_SOURCE_DIR "/tests/data/report-golden/") + name;
}

// The PDF's text, one string per page (pdftotext separates pages with form feeds).
QStringList pdfPages(const QByteArray &pdf, const QTemporaryDir &dir)
{
    const QString path = writeFile(dir, QStringLiteral("report.pdf"), pdf);
    QProcess p;
    p.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), path, QStringLiteral("-")});
    if (!p.waitForFinished(60000) || p.exitCode() != 0) return {};
    QStringList pages = QString::fromUtf8(p.readAllStandardOutput()).split(QLatin1Char('\f'));
    if (!pages.isEmpty() && pages.last().trimmed().isEmpty()) pages.removeLast();
    return pages;
}

int runCli(const QStringList &args, QString *out, QString *err)
{
    QTextStream o(out), e(err);
    const int code = cli::runCommandLine(args, o, e);
    o.flush();
    e.flush();
    return code;
}

} // namespace

class TestReport : public QObject
{
    Q_OBJECT
private slots:
    void goldenFiles_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<bool>("withDecision");
        QTest::newRow("html") << QStringLiteral("html") << true;
        QTest::newRow("md") << QStringLiteral("md") << true;
        QTest::newRow("json") << QStringLiteral("json") << true;
        QTest::newRow("md-undecided") << QStringLiteral("md") << false;
    }

    // Set GR_UPDATE_GOLDEN=1 to rewrite the goldens, then review the diff before committing it.
    void goldenFiles()
    {
        QFETCH(QString, format);
        QFETCH(bool, withDecision);
        const auto gate = fixtureGateReport();
        const auto in = makeDecisionReportInput(
            gate, hostileNotes(), withDecision ? std::optional(fixtureDecision()) : std::nullopt,
            fixedClock());
        const QString actual = normalizePaths(render(format, in));
        const QString name =
            QStringLiteral("churn-classifier%1.%2")
                .arg(withDecision ? QString() : QStringLiteral("-undecided"), format);
        if (qEnvironmentVariableIntValue("GR_UPDATE_GOLDEN")) {
            QFile f(goldenPath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(actual.toUtf8());
            QSKIP("golden rewritten");
        }
        QFile f(goldenPath(name));
        QVERIFY2(f.open(QIODevice::ReadOnly),
                 qPrintable(goldenPath(name) +
                            QStringLiteral(" is missing: run with GR_UPDATE_GOLDEN=1")));
        const QStringList expected = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'));
        const QStringList lines = actual.split(QLatin1Char('\n'));
        for (int i = 0; i < std::min(lines.size(), expected.size()); ++i)
            QCOMPARE(lines[i], expected[i]); // the first differing line, not a wall of text
        QCOMPARE(lines.size(), expected.size());
    }

    void outputIsDeterministic()
    {
        const auto gate = fixtureGateReport();
        const auto a =
            makeDecisionReportInput(gate, hostileNotes(), fixtureDecision(), fixedClock());
        const auto b = makeDecisionReportInput(fixtureGateReport(), hostileNotes(),
                                               fixtureDecision(), fixedClock());
        QCOMPARE(decisionReportToHtml(a), decisionReportToHtml(b));
        QVERIFY(decisionReportToHtml(a) !=
                decisionReportToHtml(makeDecisionReportInput(
                    gate, hostileNotes(), fixtureDecision(), fixedClock().addDays(1))));
    }

    void htmlIsInertAndSelfContained()
    {
        const auto gate = fixtureGateReport();
        const QString html = decisionReportToHtml(
            makeDecisionReportInput(gate, hostileNotes(), fixtureDecision(), fixedClock()));
        QVERIFY(!html.contains(QLatin1String("<script"), Qt::CaseInsensitive));
        QVERIFY(!html.contains(QLatin1String("<img"), Qt::CaseInsensitive));
        QVERIFY(!html.contains(QLatin1String("<em>")));
        QVERIFY(html.contains(QLatin1String(
                    "FN grew &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; the CI")) ||
                html.contains(
                    QLatin1String("FN grew &lt;script&gt;alert('x')&lt;/script&gt; &amp; the CI")));
        QVERIFY(html.contains(QLatin1String("&lt;em&gt;on this set&lt;/em&gt;")));
        // Nothing is fetched: no src or href attributes, and the only URL is the SVG namespace.
        QVERIFY(!html.contains(QRegularExpression(QStringLiteral("<[^>]*\\s(src|href)\\s*="))));
        QCOMPARE(html.count(QRegularExpression(QStringLiteral("https?://"))),
                 html.count(QLatin1String("http://www.w3.org/2000/svg")));
        QCOMPARE(html.count(QLatin1String("<svg ")), 2);
        QVERIFY(html.contains(QLatin1String("default-src 'none'")));
    }

    void markdownIsInert()
    {
        const auto gate = fixtureGateReport();
        const QString md = decisionReportToMarkdown(
            makeDecisionReportInput(gate, hostileNotes(), fixtureDecision(), fixedClock()));
        QVERIFY(
            !md.contains(QRegularExpression(QStringLiteral("(?<!\\\\)<")))); // every < is escaped
        QVERIFY(md.contains(QLatin1String("\\<script\\>")));
        QVERIFY(md.contains(QLatin1String("> \\# not a heading")));
        QVERIFY(md.contains(QLatin1String("> \\=\\=\\=")));
        QVERIFY(md.contains(QLatin1String("\\| a \\| b \\|")));
        QVERIFY(md.contains(QLatin1String("\\[link\\]\\(javascript:alert\\(1\\)\\)")));
        QVERIFY(md.contains(QLatin1String("> \\- not a list")));
        QVERIFY(md.contains(QLatin1String("> indented code")));
        QVERIFY(!md.contains(QLatin1String("<em>")));
        // Every table row keeps its column count: no cell text adds a pipe.
        for (const QString &line : md.split(QLatin1Char('\n')))
            if (line.startsWith(QLatin1Char('|')))
                QVERIFY2(line.endsWith(QLatin1Char('|')), qPrintable(line));
    }

    void jsonCarriesGateReportDiagnosisAndDecision()
    {
        const auto gate = fixtureGateReport();
        const QJsonObject o = decisionReportToJson(
            makeDecisionReportInput(gate, hostileNotes(), fixtureDecision(), fixedClock()));
        QCOMPARE(o.value(QStringLiteral("schema")).toString(),
                 QLatin1String(kDecisionReportSchema));
        QCOMPARE(o.value(QStringLiteral("gate_report")).toObject(), gateReportToJson(*gate));
        QCOMPARE(
            o.value(QStringLiteral("decision")).toObject().value(QStringLiteral("kind")).toString(),
            QStringLiteral("retune_threshold"));
        QCOMPARE(
            o.value(QStringLiteral("notes"))
                .toObject()
                .value(QStringLiteral("1"))
                .toObject()
                .value(QStringLiteral("text"))
                .toString(),
            hostileNotes().value(1)); // JSON keeps the raw text; its own quoting makes it inert
        QCOMPARE(o.value(QStringLiteral("diagnosis"))
                     .toObject()
                     .value(QStringLiteral("data"))
                     .toObject()
                     .value(QStringLiteral("dvc_lock"))
                     .toObject()
                     .value(QStringLiteral("changes"))
                     .toArray()
                     .size(),
                 5);
    }

    void pdfHasPagesAndText()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty())
            QSKIP("pdftotext (poppler-utils) is not installed");
        const auto gate = fixtureGateReport();
        QByteArray pdf;
        QBuffer buffer(&pdf);
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QVERIFY(writeDecisionReportPdf(
            makeDecisionReportInput(gate, hostileNotes(), fixtureDecision(), fixedClock()),
            &buffer));
        QVERIFY(pdf.startsWith("%PDF-"));
        QTemporaryDir dir;
        const QStringList pages = pdfPages(pdf, dir);
        QVERIFY2(pages.size() >= 3 && pages.size() <= 10,
                 qPrintable(QString::number(pages.size())));
        for (int i = 0; i < pages.size(); ++i) // the footer numbers every page the reader sees
            QVERIFY2(pages[i].contains(QStringLiteral("page %1").arg(i + 1)), qPrintable(pages[i]));
        const QString text = pages.join(QLatin1Char('\n')).simplified();
        for (const char *expected :
             {"Gate review — decision report", "Gate result: NOT_PROMOTED", "Verdict by layer",
              "Net benefit vs threshold", "Threshold sensitivity (decision curve)",
              "Confusion matrices", "McNemar exact p", "3. Check the model",
              "Re-tune the threshold and re-run the gate", "a.engineer",
              "FN grew <script>alert('x')</script>", "src/features.py", "Applied policy SHA-256"})
            QVERIFY2(text.contains(QString::fromUtf8(expected)), expected);
    }

    // Item 11: long text (a long note, an unbroken string, a long tag value) flows onto the
    // next page line by line and never prints over the footer: on every page each word lies above
    // the footer's line ("page N"), as pdftotext -bbox measures it.
    void longTextNeverReachesTheFooter()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty())
            QSKIP("pdftotext (poppler-utils) is not installed");
        const auto gate = fixtureGateReport();
        QMap<int, QString> notes = hostileNotes();
        notes.insert(1, QStringLiteral("the holdout drifted in March ").repeated(300));
        notes.insert(2, QStringLiteral("mlflow.log-model.history=") +
                            QStringLiteral("x").repeated(9000));
        QByteArray pdf;
        QBuffer buffer(&pdf);
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        Decision decision = fixtureDecision();
        decision.rationale = QStringLiteral("a rationale that goes on and on ").repeated(250);
        QVERIFY(writeDecisionReportPdf(makeDecisionReportInput(gate, notes, decision, fixedClock()),
                                       &buffer));
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("long.pdf"), pdf);
        QProcess p;
        p.start(QStringLiteral("pdftotext"), {QStringLiteral("-bbox"), path, QStringLiteral("-")});
        QVERIFY(p.waitForFinished(60000) && p.exitCode() == 0);
        const QString html = QString::fromUtf8(p.readAllStandardOutput());
        const QRegularExpression word(
            QStringLiteral("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" "
                           "yMax=\"([0-9.]+)\">([^<]*)</word>"));
        const QStringList pages = html.split(QStringLiteral("<page "), Qt::SkipEmptyParts).mid(1);
        QVERIFY2(pages.size() >= 4, qPrintable(QString::number(pages.size())));
        for (int i = 0; i < pages.size(); ++i) {
            struct Word
            {
                double top, bottom;
                QString text;
            };
            QList<Word> words;
            for (auto m = word.globalMatch(pages[i]); m.hasNext();) {
                const auto w = m.next();
                words << Word{w.captured(2).toDouble(), w.captured(4).toDouble(), w.captured(5)};
            }
            double footerTop = -1;
            for (qsizetype k = 0; k + 1 < words.size(); ++k)
                if (words[k].text == QLatin1String("page") &&
                    words[k + 1].text == QString::number(i + 1))
                    footerTop = words[k].top;
            QVERIFY2(footerTop > 0, qPrintable(QStringLiteral("no footer on page %1").arg(i + 1)));
            for (const Word &w : words)
                if (std::abs(w.top - footerTop) > 1) // the footer's own line
                    QVERIFY2(w.bottom <= footerTop,
                             qPrintable(QStringLiteral("page %1: '%2' reaches the footer")
                                            .arg(i + 1)
                                            .arg(w.text.left(40))));
        }
    }

    // Every format carries the analysis section with the numbers of an analysis computed here
    // directly from the core (not the report's own): AUCs, DeLong, calibration, Brier parts,
    // recalibration what-if and flips. JSON numbers compare exactly; text formats as printed.
    void everyFormatCarriesTheAnalysis()
    {
        const auto gate = fixtureGateReport();
        const auto in =
            makeDecisionReportInput(gate, hostileNotes(), fixtureDecision(), fixedClock());
        QVERIFY(in.analysis);
        const ReviewAnalysis core = analyseReview(*gate);
        const DeLongTest &d = core.delong;
        QVERIFY2(d.defined(), qPrintable(d.undefinedReason));
        const QString currency = gate->policy.currency;
        auto f = [](double v, int decimals) { return QString::number(v, 'f', decimals); };
        auto sf = [&](double v, int decimals) {
            return (v > 0 ? QStringLiteral("+") : QString()) + f(v, decimals);
        };
        QStringList shown = {QStringLiteral("Why: ranking, calibration and cost sensitivity"),
                             f(*core.champion().rocAuc.value, 4),
                             f(*core.candidate().rocAuc.value, 4),
                             f(*core.candidate().averagePrecision.value, 4),
                             sf(d.difference, 4),
                             QString::number(d.standardError, 'g', 4),
                             f(d.z, 3),
                             formatPValue(d.pValue),
                             QStringLiteral("%1 to %2").arg(sf(d.low, 4), sf(d.high, 4)),
                             core.recalibration.sentence(currency),
                             describeFlips(*core.declaredGrid, currency),
                             describeFlips(*core.optimumGrid, currency)};
        for (const ModelAnalysis &m : core.models) {
            const CalibrationAssessment &c = m.calibration;
            shown << f(c.fit.slope, 3) << f(c.fit.intercept, 3)
                  << f(c.calibrationInLarge.intercept, 3) << f(c.expectedCalibrationError, 4)
                  << f(c.brier.brier, 4) << f(c.brier.reliability, 4) << f(c.brier.resolution, 4)
                  << f(c.brier.uncertainty, 4);
        }
        const QString md = decisionReportToMarkdown(in), html = decisionReportToHtml(in);
        // Markdown escapes punctuation and HTML entities: compare against the unescaped text.
        const QString mdPlain = QString(md).remove(QLatin1Char('\\'));
        QTextDocument doc;
        doc.setHtml(html);
        const QString htmlPlain = doc.toPlainText();
        QStringList pdfText;
        if (!QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty()) {
            QByteArray pdf;
            QBuffer buffer(&pdf);
            QVERIFY(buffer.open(QIODevice::WriteOnly));
            QVERIFY(writeDecisionReportPdf(in, &buffer));
            QTemporaryDir dir;
            pdfText = pdfPages(pdf, dir);
            QVERIFY(!pdfText.isEmpty());
        }
        const QString pdfPlain = pdfText.join(QLatin1Char(' ')).simplified();
        for (const QString &number : shown) {
            QVERIFY2(mdPlain.contains(number), qPrintable(QStringLiteral("Markdown: ") + number));
            QVERIFY2(htmlPlain.contains(number), qPrintable(QStringLiteral("HTML: ") + number));
            if (!pdfText.isEmpty()) // lines wrap in the PDF: compare without the breaks
                QVERIFY2(pdfPlain.contains(number.simplified()),
                         qPrintable(QStringLiteral("PDF: ") + number));
        }
        if (pdfText.isEmpty()) qWarning("pdftotext is not installed: the PDF was not checked");

        const QJsonObject a = decisionReportToJson(in)[QStringLiteral("analysis")].toObject();
        const QJsonObject delong = a[QStringLiteral("delong")].toObject();
        QCOMPARE(delong[QStringLiteral("difference")].toDouble(), d.difference);
        QCOMPARE(delong[QStringLiteral("z")].toDouble(), d.z);
        QCOMPARE(delong[QStringLiteral("p_value")].toDouble(), d.pValue);
        QCOMPARE(delong[QStringLiteral("low")].toDouble(), d.low);
        QCOMPARE(delong[QStringLiteral("high")].toDouble(), d.high);
        QCOMPARE(delong[QStringLiteral("standard_error")].toDouble(), d.standardError);
        for (int m = 0; m < 2; ++m) {
            const QJsonObject model =
                a[QStringLiteral("models")]
                 [m == 0 ? QStringLiteral("champion") : QStringLiteral("candidate")]
                     .toObject();
            const ModelAnalysis &c = core.models[size_t(m)];
            QCOMPARE(model[QStringLiteral("roc_auc")].toDouble(), *c.rocAuc.value);
            QCOMPARE(model[QStringLiteral("average_precision")].toDouble(),
                     *c.averagePrecision.value);
            const QJsonObject cal = model[QStringLiteral("calibration")].toObject();
            QCOMPARE(cal[QStringLiteral("slope")].toDouble(), c.calibration.fit.slope);
            QCOMPARE(cal[QStringLiteral("intercept")].toDouble(), c.calibration.fit.intercept);
            QCOMPARE(cal[QStringLiteral("intercept_in_the_large")].toDouble(),
                     c.calibration.calibrationInLarge.intercept);
            QCOMPARE(cal[QStringLiteral("expected_calibration_error")].toDouble(),
                     c.calibration.expectedCalibrationError);
            QCOMPARE(cal[QStringLiteral("brier_reliability")].toDouble(),
                     c.calibration.brier.reliability);
            QCOMPARE(cal[QStringLiteral("brier_resolution")].toDouble(),
                     c.calibration.brier.resolution);
            QCOMPARE(cal[QStringLiteral("brier_uncertainty")].toDouble(),
                     c.calibration.brier.uncertainty);
        }
        const QJsonObject recal = a[QStringLiteral("recalibration")].toObject();
        QVERIFY(recal[QStringLiteral("what_if")].toBool());
        if (core.recalibration.defined()) {
            QCOMPARE(
                Money::parse(recal[QStringLiteral("candidate_net_benefit")].toString()),
                Money::fromMicros(int64_t(core.recalibration.candidate.netBenefitCents) * 10000));
            QCOMPARE(
                Money::parse(recal[QStringLiteral("champion_net_benefit")].toString()),
                Money::fromMicros(int64_t(core.recalibration.champion.netBenefitCents) * 10000));
        } else {
            QCOMPARE(recal[QStringLiteral("undefined_reason")].toString(),
                     core.recalibration.undefinedReason);
        }
        const QJsonObject declared =
            a[QStringLiteral("cost_sensitivity")][QStringLiteral("declared")].toObject();
        QCOMPARE(declared[QStringLiteral("sentence")].toString(),
                 describeFlips(*core.declaredGrid, currency));
        QCOMPARE(declared[QStringLiteral("promoted_share")].toDouble(),
                 core.declaredGrid->promotedShare);
    }

    void sessionRoundTrip()
    {
        QTemporaryDir dir;
        ReviewSession s;
        s.champion = dataPath(QStringLiteral("diagnosis/champion"));
        s.candidate = dataPath(QStringLiteral("diagnosis/candidate"));
        s.policy = dataPath(QStringLiteral("reference/policy.yaml"));
        s.trackingUri = QStringLiteral("http://mlflow.internal:5000");
        s.candidateThreshold = 0.42;
        s.championWhatIf = 0.3;
        s.notes = hostileNotes();
        s.notes.insert(StepDecide, QString());
        const QByteArray json =
            reviewSessionToJson(s, dataPath(QStringLiteral("diagnosis/saved.gatereview")));
        QVERIFY2(json.contains("\"champion\": \"champion\""),
                 json.constData()); // relative to the session file
        QVERIFY(json.contains("\"policy\": \"../reference/policy.yaml\""));
        const QString saved = dir.filePath(QStringLiteral("review.gatereview"));
        saveReviewSession(s, saved);
        const ReviewSession reopened = loadReviewSession(saved);
        QCOMPARE(reopened.champion, s.champion);
        QCOMPARE(reopened.notes, s.notes);
        QVERIFY(reopened == s);
        saveReviewSession(reopened, saved);
        QCOMPARE(loadReviewSession(saved), s);
    }

    void fixtureSessionResolvesRelativeInputs()
    {
        const ReviewSession s =
            loadReviewSession(dataPath(QStringLiteral("diagnosis/session.gatereview")));
        QCOMPARE(s.champion, QDir::cleanPath(dataPath(QStringLiteral("diagnosis/champion"))));
        QCOMPARE(s.policy, QDir::cleanPath(dataPath(QStringLiteral("reference/policy.yaml"))));
        QCOMPARE(s.candidateWhatIf, std::optional<double>(0.42));
        QVERIFY(!s.championThreshold);
        QCOMPARE(s.notes.size(), 3);
    }

    void malformedSessionsSayWhatIsWrong_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        const QByteArray head =
            R"({"format": "gatereview/session", "version": 1, "inputs": {"champion": "a.csv", "candidate": "b.csv"})";
        QTest::newRow("bad json") << QByteArray("{\n  \"format\": \"gatereview/session\",\n  "
                                                "\"version\": 1\n  \"inputs\": {}\n}")
                                  << QStringLiteral(":4: malformed JSON: ");
        QTest::newRow("not a session") << QByteArray(R"({"format": "something/else"})")
                                       << QStringLiteral("not a Gate Review session");
        QTest::newRow("array") << QByteArray("[1, 2]")
                               << QStringLiteral("must hold one JSON object");
        QTest::newRow("newer") << QByteArray(R"({"format": "gatereview/session", "version": 9})")
                               << QStringLiteral("newer Gate Review (format version 9");
        QTest::newRow("no inputs")
            << QByteArray(R"({"format": "gatereview/session", "version": 1})")
            << QStringLiteral("inputs.champion and inputs.candidate are required");
        QTest::newRow("threshold")
            << head + R"(, "thresholds": {"champion": 1.5}})"
            << QStringLiteral("thresholds.champion must be a number in [0, 1]");
        QTest::newRow("step") << head + R"(, "notes": {"7": "x"}})"
                              << QStringLiteral("notes keys are diagnosis steps 1 to 4, not '7'");
        QTest::newRow("note type")
            << head + R"(, "notes": {"2": 5}})" << QStringLiteral("notes.2 must be a string");
        QTest::newRow("input type")
            << QByteArray(
                   R"({"format": "gatereview/session", "version": 1, "inputs": {"champion": 3}})")
            << QStringLiteral("inputs.champion must be a string");
    }

    void malformedSessionsSayWhatIsWrong()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("broken.gatereview"), content);
        try {
            loadReviewSession(path);
            QFAIL("the session must be rejected");
        } catch (const InputError &e) {
            QVERIFY2(e.message().startsWith(path), qPrintable(e.message()));
            QVERIFY2(e.message().contains(message), qPrintable(e.message()));
        }
    }

    void cliWritesEachFormatFromASession_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("start");
        QTest::newRow("md") << QStringLiteral("report.md") << QByteArray("# Gate review");
        QTest::newRow("html") << QStringLiteral("report.html") << QByteArray("<!DOCTYPE html>");
        QTest::newRow("json") << QStringLiteral("report.json") << QByteArray("{");
        QTest::newRow("pdf") << QStringLiteral("report.pdf") << QByteArray("%PDF-");
    }

    void cliWritesEachFormatFromASession()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, start);
        QTemporaryDir dir;
        QString out, err;
        const int code = runCli(
            {QStringLiteral("report"), QStringLiteral("--session"),
             dataPath(QStringLiteral("diagnosis/session.gatereview")), QStringLiteral("--output"),
             dir.filePath(file), QStringLiteral("--decision"), QStringLiteral("champion_stays"),
             QStringLiteral("--rationale"), QStringLiteral("Same data, no significant gain."),
             QStringLiteral("--author"), QStringLiteral("ci-bot")},
            &out, &err);
        QVERIFY2(code == 0, qPrintable(err));
        QFile f(dir.filePath(file));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY2(bytes.startsWith(start), bytes.left(40).constData());
        if (!file.endsWith(QLatin1String(".pdf")))
            QVERIFY(bytes.contains("Same data, no significant gain"));
        if (file.endsWith(QLatin1String(".md")))
            QVERIFY(bytes.contains("\\<b\\>sampling\\</b\\>")); // the session's notes, escaped
        // The what-if threshold the session explored is in the report (item 7).
        if (file.endsWith(QLatin1String(".md")) || file.endsWith(QLatin1String(".html")))
            QVERIFY(bytes.contains("thresholds explored in the review"));
        if (file.endsWith(QLatin1String(".json")))
            QVERIFY(bytes.contains("\"what_if_thresholds\""));
    }

    void cliRejectsBadRequests_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QStringList runs{QStringLiteral("--session"),
                               dataPath(QStringLiteral("diagnosis/session.gatereview"))};
        QTest::newRow("promote a failed gate")
            << runs +
                   QStringList{QStringLiteral("--output"),    QStringLiteral("x.md"),
                               QStringLiteral("--decision"),  QStringLiteral("promote_candidate"),
                               QStringLiteral("--rationale"), QStringLiteral("ship it"),
                               QStringLiteral("--author"),    QStringLiteral("a")}
            << QStringLiteral("only possible when the gate result is PROMOTED");
        QTest::newRow("no rationale")
            << runs + QStringList{QStringLiteral("--output"), QStringLiteral("x.md"),
                                  QStringLiteral("--decision"), QStringLiteral("champion_stays")}
            << QStringLiteral("a rationale is required");
        QTest::newRow("unknown format")
            << runs + QStringList{QStringLiteral("--output"), QStringLiteral("x.docx")}
            << QStringLiteral("--format must be one of");
        QTest::newRow("pdf to stdout")
            << runs + QStringList{QStringLiteral("--output"), QStringLiteral("-"),
                                  QStringLiteral("--format"), QStringLiteral("pdf")}
            << QStringLiteral("a PDF cannot go to stdout");
        QTest::newRow("no runs") << QStringList{QStringLiteral("--output"), QStringLiteral("x.md")}
                                 << QStringLiteral(
                                        "--champion and --candidate, or give a --session");
        QTest::newRow("unknown decision")
            << runs + QStringList{QStringLiteral("--output"), QStringLiteral("x.md"),
                                  QStringLiteral("--decision"), QStringLiteral("yolo")}
            << QStringLiteral("--decision must be one of");
    }

    void cliRejectsBadRequests()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QString out, err;
        QCOMPARE(runCli(QStringList{QStringLiteral("report")} + args, &out, &err),
                 int(cli::ExitUsage));
        QVERIFY2(err.contains(message), qPrintable(err));
    }
};

QTEST_MAIN(TestReport)
#include "test_report.moc"

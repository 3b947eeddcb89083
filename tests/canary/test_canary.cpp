// Layer 4, the canary gate, on the scenarios written by tests/data/canary/generate.py: the
// statistics against SciPy's values, each scenario's verdict and reasons, clear messages for
// malformed data and policies, the layer-4 outcome and the `canary` CLI in-process.
#include "testhelpers.h"

#include "canaryevaluator.h"
#include "cli/command.h"
#include "gate/gateevaluator.h"
#include "io/runloader.h"
#include "model/errors.h"
#include "report/gatereportjson.h"

#include <cmath>
#include <QJsonArray>
#include <QtTest>

using namespace gr;

namespace {

std::vector<double> toVector(const QJsonValue &v)
{
    std::vector<double> out;
    for (const QJsonValue &x : v.toArray())
        out.push_back(x.toDouble());
    return out;
}

// SciPy and the C++ code run the same algorithms; only summation order may differ.
void nearRel(const QString &label, double got, double want, double rel = 1e-9)
{
    const bool ok =
        got == want || std::abs(got - want) <= rel * std::max(std::abs(got), std::abs(want));
    if (!ok)
        QFAIL(qPrintable(QStringLiteral("%1: C++ %2 != SciPy %3")
                             .arg(label)
                             .arg(got, 0, 'g', 17)
                             .arg(want, 0, 'g', 17)));
}

QString scenarioDir(const QString &name)
{
    return test::dataPath(QStringLiteral("canary/") + name);
}

CanaryResult runScenario(const QString &name, QJsonObject *expected = nullptr)
{
    const QDir dir(scenarioDir(name));
    const QJsonObject e = test::readJson(dir.filePath(QStringLiteral("expected.json")));
    if (expected) *expected = e;
    const CanaryPolicy policy = loadCanaryPolicy(dir.filePath(QStringLiteral("policy.yaml")));
    QStringList files;
    for (const QJsonValue &f : e.value(QStringLiteral("data")).toArray())
        files << dir.filePath(f.toString());
    return evaluateCanary(loadCanaryFiles(files, policy.labels), policy);
}

int runCli(const QStringList &args, QString *out, QString *err)
{
    QTextStream o(out), e(err);
    const int code = cli::runCommandLine(QStringList{QStringLiteral("canary")} + args, o, e);
    o.flush();
    e.flush();
    return code;
}

} // namespace

class TestCanary : public QObject
{
    Q_OBJECT

private slots:
    void statisticsMatchScipy_data()
    {
        QTest::addColumn<QJsonObject>("c");
        for (const QJsonValue &c :
             test::readJson(test::dataPath(QStringLiteral("canary/statistics.json")))
                 .value(QStringLiteral("cases"))
                 .toArray())
            QTest::newRow(qPrintable(c.toObject().value(QStringLiteral("name")).toString()))
                << c.toObject();
    }

    void statisticsMatchScipy()
    {
        QFETCH(QJsonObject, c);
        const std::vector<double> x = toVector(c.value(QStringLiteral("x"))),
                                  y = toVector(c.value(QStringLiteral("y")));
        const QJsonObject mw = c.value(QStringLiteral("mannwhitneyu")).toObject();
        const MannWhitneyResult u = mannWhitneyU(x, y);
        QCOMPARE(u.exact ? QStringLiteral("exact") : QStringLiteral("asymptotic"),
                 mw.value(QStringLiteral("method")).toString());
        nearRel(QStringLiteral("mannwhitneyu.statistic"), u.u1,
                mw.value(QStringLiteral("statistic")).toDouble());
        nearRel(QStringLiteral("mannwhitneyu.pvalue"), u.pValue,
                mw.value(QStringLiteral("pvalue")).toDouble());
        const QJsonObject ks = c.value(QStringLiteral("ks_2samp")).toObject();
        const KolmogorovSmirnovResult k = ks2Sample(x, y);
        QVERIFY(k.exact);
        nearRel(QStringLiteral("ks_2samp.statistic"), k.statistic,
                ks.value(QStringLiteral("statistic")).toDouble());
        nearRel(QStringLiteral("ks_2samp.pvalue"), k.pValue,
                ks.value(QStringLiteral("pvalue")).toDouble());
        nearRel(QStringLiteral("psi"), populationStabilityIndex(x, y, 10),
                c.value(QStringLiteral("psi")).toDouble());
    }

    void scenario_data()
    {
        QTest::addColumn<QString>("name");
        for (const QString &s : test::caseFolders(QStringLiteral("canary")))
            if (QFile::exists(scenarioDir(s) + QStringLiteral("/expected.json")))
                QTest::newRow(qPrintable(s)) << s;
    }

    void scenario()
    {
        QFETCH(QString, name);
        QJsonObject e;
        const CanaryResult r = runScenario(name, &e);
        const QString why = r.reasons.join(QStringLiteral(" | "));
        QVERIFY2(toString(r.verdict) == e.value(QStringLiteral("canary_result")).toString(),
                 qPrintable(toString(r.verdict) + QStringLiteral(": ") + why));
        QCOMPARE(r.failedIntervals, e.value(QStringLiteral("failed_intervals")).toInt());
        QCOMPARE(r.inconclusiveIntervals,
                 e.value(QStringLiteral("inconclusive_intervals")).toInt());
        for (const QJsonValue &text : e.value(QStringLiteral("reasons_contain")).toArray())
            QVERIFY2(why.contains(text.toString()),
                     qPrintable(QStringLiteral("'%1' not in: %2").arg(text.toString(), why)));
        if (e.contains(QStringLiteral("failed_interval_numbers"))) {
            QJsonArray failed;
            for (const IntervalResult &ir : r.intervalResults)
                if (ir.verdict == IntervalVerdict::Fail) failed.append(ir.index + 1);
            QCOMPARE(failed, e.value(QStringLiteral("failed_interval_numbers")).toArray());
        }
        if (e.contains(QStringLiteral("judge_verdict")))
            QCOMPARE(toString(r.judge.verdict),
                     e.value(QStringLiteral("judge_verdict")).toString());
        if (e.contains(QStringLiteral("judge_high"))) {
            QStringList high;
            for (const JudgedMetric &m : r.judge.metrics)
                if (m.classification == JudgeClass::High) high << m.metric;
            QCOMPARE(high, e.value(QStringLiteral("judge_high")).toVariant().toStringList());
        }
        if (e.contains(QStringLiteral("predictions_passed"))) {
            QVERIFY(r.predictions.run);
            QCOMPARE(r.predictions.passed, e.value(QStringLiteral("predictions_passed")).toBool());
        }

        // The judge's Mann-Whitney tests and the pooled score tests equal SciPy's.
        const QJsonObject ref = e.value(QStringLiteral("reference")).toObject();
        const QJsonObject judgeRef = ref.value(QStringLiteral("judge")).toObject();
        for (const JudgedMetric &m : r.judge.metrics) {
            if (m.classification == JudgeClass::NoData) continue;
            const QJsonObject want = judgeRef.value(m.metric).toObject();
            QVERIFY2(!want.isEmpty(), qPrintable(m.metric));
            QCOMPARE(m.test.exact ? QStringLiteral("exact") : QStringLiteral("asymptotic"),
                     want.value(QStringLiteral("method")).toString());
            nearRel(m.metric + QStringLiteral(" U"), m.test.u1,
                    want.value(QStringLiteral("statistic")).toDouble());
            nearRel(m.metric + QStringLiteral(" p"), m.test.pValue,
                    want.value(QStringLiteral("pvalue")).toDouble());
        }
        QCOMPARE(r.judge.metrics.size() > 0 && r.judge.verdict != JudgeVerdict::NotRun,
                 !judgeRef.isEmpty());
        if (r.predictions.run && !r.predictions.fromHistogram) {
            const QJsonObject ks = ref.value(QStringLiteral("ks")).toObject();
            nearRel(QStringLiteral("KS D"), r.predictions.ks->statistic,
                    ks.value(QStringLiteral("statistic")).toDouble());
            nearRel(QStringLiteral("KS p"), r.predictions.ks->pValue,
                    ks.value(QStringLiteral("pvalue")).toDouble());
            nearRel(QStringLiteral("PSI"), *r.predictions.psi,
                    ref.value(QStringLiteral("psi")).toDouble());
            QVERIFY2(r.predictions.psiBins.contains(QStringLiteral("tied scores never split")),
                     qPrintable(r.predictions.psiBins));
            QVERIFY(canaryResultToText(r).contains(r.predictions.psiBins));
            const QJsonObject pos = ref.value(QStringLiteral("positive_rate")).toObject();
            nearRel(QStringLiteral("baseline positive rate"), *r.predictions.baselinePositiveRate,
                    pos.value(QStringLiteral("baseline")).toDouble());
            nearRel(QStringLiteral("canary positive rate"), *r.predictions.canaryPositiveRate,
                    pos.value(QStringLiteral("canary")).toDouble());
        }
        if (r.predictions.run &&
            r.predictions.fromHistogram) // bucketed scores: exact positive rates at a bound
            nearRel(QStringLiteral("histogram positive rate"), *r.predictions.canaryPositiveRate,
                    ref.value(QStringLiteral("positive_rate"))
                        .toObject()
                        .value(QStringLiteral("canary"))
                        .toDouble());
    }

    void malformedData_data()
    {
        QTest::addColumn<QJsonObject>("c");
        for (const QJsonValue &c :
             test::readJson(test::dataPath(QStringLiteral("canary/malformed/cases.json")))
                 .value(QStringLiteral("cases"))
                 .toArray())
            QTest::newRow(qPrintable(c.toObject().value(QStringLiteral("file")).toString()))
                << c.toObject();
    }

    void malformedData()
    {
        QFETCH(QJsonObject, c);
        const QString path = test::dataPath(QStringLiteral("canary/malformed/") +
                                            c.value(QStringLiteral("file")).toString());
        try {
            loadCanaryFile(path);
            QFAIL("no error reported");
        } catch (const InputError &e) {
            QCOMPARE(e.file(), path);
            QCOMPARE(e.line(), qint64(c.value(QStringLiteral("line")).toInt()));
            QVERIFY2(e.problem().contains(c.value(QStringLiteral("contains")).toString()),
                     qPrintable(e.message()));
            QVERIFY(e.message().startsWith(path));
        }
    }

    void policyErrorsNameTheLine_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("contains");
        const QByteArray head = "version: 1\ncanary:\n  interval: 5m\n";
        QTest::newRow("unknown key") << head + "  failure_limt: 2\n"
                                     << 4 << QStringLiteral("unknown key 'failure_limt' in canary");
        QTest::newRow("bad interval")
            << QByteArray("canary:\n  interval: soon\n") << 2 << QStringLiteral("interval 'soon'");
        QTest::newRow("bad direction")
            << head +
                   "  metrics:\n    - name: error_rate\n      direction: up\n      absolute: 0.1\n"
            << 6 << QStringLiteral("direction 'up'");
        QTest::newRow("metric key") << head + "  metrics:\n    - name: error_rate\n      max: 0.1\n"
                                    << 6 << QStringLiteral("unknown key 'max' in a canary metric");
        QTest::newRow("scores") << head + "  predictions:\n    psi: {bins: 10}\n"
                                << 5 << QStringLiteral("needs max");
        QTest::newRow("scores") << head + "  judge:\n    pass_score: 70\n    marginal_score: 80\n"
                                << 5 << QStringLiteral("must not exceed pass_score");
        QTest::newRow("nothing") << head << 3 << QStringLiteral("nothing would be checked");
        QTest::newRow("no section")
            << QByteArray("version: 1\n") << 0 << QStringLiteral("no canary: section");
    }

    void policyErrorsNameTheLine()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(int, line);
        QFETCH(QString, contains);
        try {
            parseCanaryPolicy(yaml, QStringLiteral("policy.yaml"));
            QFAIL("no error reported");
        } catch (const InputError &e) {
            QCOMPARE(e.line(), qint64(line));
            QVERIFY2(e.problem().contains(contains), qPrintable(e.message()));
        }
    }

    void policyMetricMissingFromTheData()
    {
        const QString dir = scenarioDir(QStringLiteral("healthy"));
        QFile file(dir + QStringLiteral("/policy.yaml"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QByteArray yaml = file.readAll();
        yaml.replace("name: latency_p95", "name: latency_p59");
        const CanaryPolicy policy = parseCanaryPolicy(yaml, QStringLiteral("typo.yaml"));
        try {
            evaluateCanary(loadCanaryFile(dir + QStringLiteral("/canary.csv")), policy);
            QFAIL("no error reported");
        } catch (const InputError &e) {
            QCOMPARE(e.file(), QStringLiteral("typo.yaml"));
            QVERIFY2(e.problem().contains(QStringLiteral("'latency_p59' is not in the data")),
                     qPrintable(e.message()));
        }
    }

    void scenarioPolicyIsAlsoAGatePolicy()
    {
        // The canary: section lives in the same file the gate reads for layers 1-3.
        const GatePolicy gate =
            loadGatePolicy(scenarioDir(QStringLiteral("healthy")) + QStringLiteral("/policy.yaml"));
        QCOMPARE(gate.version, 1);
    }

    void verdictBecomesLayerFour_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("layerResult");
        QTest::newRow("healthy") << QStringLiteral("healthy") << QStringLiteral("PASS");
        QTest::newRow("error-spike") << QStringLiteral("error-spike") << QStringLiteral("FAIL");
        QTest::newRow("low-traffic") << QStringLiteral("low-traffic") << QStringLiteral("NOT_RUN");
    }

    void verdictBecomesLayerFour()
    {
        QFETCH(QString, name);
        QFETCH(QString, layerResult);
        const CanaryResult r = runScenario(name);
        const QDir gateCase(test::dataPath(QStringLiteral("gate-cases/churn-classifier")));
        GateReport report =
            evaluateGate(loadLocalRun(gateCase.filePath(QStringLiteral("champion.csv"))),
                         loadLocalRun(gateCase.filePath(QStringLiteral("candidate.csv"))),
                         GatePolicy::defaults());
        const GateResult layers123 = report.result;
        attachCanaryLayer(report, canaryLayerOutcome(r));
        const QJsonObject layer =
            gateReportToJson(report).value(QStringLiteral("layers")).toArray().at(3).toObject();
        QCOMPARE(layer.value(QStringLiteral("id")).toInt(), 4);
        QCOMPARE(layer.value(QStringLiteral("result")).toString(), layerResult);
        QVERIFY(layer.value(QStringLiteral("summary")).toString().startsWith(toString(r.verdict)));
        QVERIFY(!layer.value(QStringLiteral("checks")).toArray().isEmpty());
        QVERIFY(report.result == layers123); // the canary never rewrites the verdict of layers 1-3
    }

    // One place decides: the verdict follows from the checks layer 4 shows (any FAIL rolls back,
    // else any NOT_RUN is inconclusive), and every reason is a deciding check's detail.
    void verdictIsDerivedFromTheChecks_data() { scenario_data(); }

    void verdictIsDerivedFromTheChecks()
    {
        QFETCH(QString, name);
        const CanaryResult r = runScenario(name);
        QVERIFY(!r.checks.isEmpty());
        bool failed = false, open = false;
        QStringList deciding;
        for (const CheckOutcome &c : r.checks) {
            failed |= c.result == LayerResult::Fail;
            open |= c.result == LayerResult::NotRun;
        }
        const LayerResult decisive = failed ? LayerResult::Fail : LayerResult::NotRun;
        for (const CheckOutcome &c : r.checks)
            if (c.result == decisive) deciding << (c.detail.isEmpty() ? c.description : c.detail);
        const CanaryVerdict expected = failed ? CanaryVerdict::Rollback
                                       : open ? CanaryVerdict::Inconclusive
                                              : CanaryVerdict::Promote;
        QCOMPARE(toString(r.verdict), toString(expected));
        if (failed || open)
            for (const QString &reason : r.reasons)
                QVERIFY2(deciding.contains(reason), qPrintable(reason));
        const LayerOutcome layer = canaryLayerOutcome(r);
        QCOMPARE(layer.checks.size(), r.checks.size());
        for (qsizetype i = 0; i < r.checks.size(); ++i) {
            QCOMPARE(layer.checks[i].id, r.checks[i].id);
            QCOMPARE(int(layer.checks[i].result), int(r.checks[i].result));
        }
    }

    // Interval counts read as counts in the gate table and the reports ("3 / 2", "20,000").
    void countChecksReadAsCounts()
    {
        const CanaryResult r = runScenario(QStringLiteral("error-spike"));
        const CheckOutcome *failedIntervals = nullptr;
        for (const CheckOutcome &c : r.checks)
            if (c.id == QLatin1String("canary.failed_intervals")) failedIntervals = &c;
        QVERIFY(failedIntervals);
        QVERIFY(failedIntervals->counts);
        QCOMPARE(formatCheckValue(*failedIntervals, false, QStringLiteral("USD"), 'f', 4),
                 QString::number(r.failedIntervals));
        QCOMPARE(formatCheckValue(*failedIntervals, true, QStringLiteral("USD"), 'f', 4),
                 QString::number(r.policy.failureLimit));
        CheckOutcome rows = *failedIntervals;
        rows.actual = 20000;
        rows.limit.reset();
        QCOMPARE(formatCheckValue(rows, false, QStringLiteral("USD")), QStringLiteral("20,000"));
        QCOMPARE(formatCheckValue(rows, true, QStringLiteral("USD")), QStringLiteral("—"));
        rows.counts = false;
        QCOMPARE(formatCheckValue(rows, false, QStringLiteral("USD"), 'f', 4),
                 QStringLiteral("20000.0000"));
    }

    void cliExitCodesAndOutputs_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("healthy") << QStringLiteral("healthy") << 0;
        QTest::newRow("error-spike") << QStringLiteral("error-spike") << 0;
        QTest::newRow("latency-regression") << QStringLiteral("latency-regression") << 0;
        QTest::newRow("low-traffic") << QStringLiteral("low-traffic") << 3;
    }

    void cliExitCodesAndOutputs()
    {
        QFETCH(QString, name);
        QFETCH(int, exitCode);
        const QDir dir(scenarioDir(name));
        const QJsonObject e = test::readJson(dir.filePath(QStringLiteral("expected.json")));
        QTemporaryDir tmp;
        const QString github =
            test::writeFile(tmp, QStringLiteral("github_output"), "gate_result=PROMOTED\n");
        QStringList args{
            QStringLiteral("--policy"),        dir.filePath(QStringLiteral("policy.yaml")),
            QStringLiteral("--json"),          tmp.filePath(QStringLiteral("canary.json")),
            QStringLiteral("--github-output"), github};
        for (const QJsonValue &f : e.value(QStringLiteral("data")).toArray())
            args << QStringLiteral("--data") << dir.filePath(f.toString());
        QString out, err;
        QCOMPARE(runCli(args, &out, &err), exitCode);
        const QString verdict = e.value(QStringLiteral("canary_result")).toString();
        QVERIFY2(out.startsWith(QStringLiteral("Canary: ") + verdict), qPrintable(out + err));
        QFile g(github);
        QVERIFY(g.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(g.readAll()),
                 QStringLiteral("gate_result=PROMOTED\ncanary_result=") + verdict +
                     QLatin1Char('\n'));
        const QJsonObject json = test::readJson(tmp.filePath(QStringLiteral("canary.json")));
        QCOMPARE(json.value(QStringLiteral("canary_result")).toString(), verdict);
        QCOMPARE(json.value(QStringLiteral("intervals")).toArray().size(),
                 qsizetype(name == QLatin1String("latency-regression") ? 8 : 10));
    }

    void cliUsageAndInputErrors()
    {
        QString out, err;
        QCOMPARE(runCli({QStringLiteral("--help")}, &out, &err), 0);
        QVERIFY(out.contains(QStringLiteral("3 when INCONCLUSIVE")));
        QCOMPARE(runCli({QStringLiteral("--policy"), QStringLiteral("x.yaml")}, &out, &err), 2);
        QVERIFY(err.contains(QStringLiteral("--data")));
        err.clear();
        const QString bad = test::dataPath(QStringLiteral("canary/malformed/bad-value.csv"));
        QCOMPARE(runCli({QStringLiteral("--policy"),
                         scenarioDir(QStringLiteral("healthy")) + QStringLiteral("/policy.yaml"),
                         QStringLiteral("--data"), bad},
                        &out, &err),
                 2);
        QVERIFY2(err.contains(bad + QStringLiteral(":4: value '1x'")), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestCanary)
#include "test_canary.moc"

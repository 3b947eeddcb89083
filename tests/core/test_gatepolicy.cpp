// The gate policy loader: the documented default, the reference policy, and every malformed
// policy an engineer could write, each with the line named.
#include "testhelpers.h"

#include "gate/gatepolicy.h"
#include "model/errors.h"

#include <QJsonDocument>
#include <QtTest>

using namespace gr;

class TestGatePolicy : public QObject
{
    Q_OBJECT

private slots:
    void referencePolicyEqualsDefault()
    {
        const GatePolicy file =
            loadGatePolicy(test::dataPath(QStringLiteral("reference/policy.yaml")));
        const GatePolicy builtIn = GatePolicy::defaults();
        QCOMPARE(file.toJson(), builtIn.toJson());
        QCOMPARE(file.sha256(), builtIn.sha256());
        QCOMPARE(file.values.fn, Money::fromUnits(-300));
        QCOMPARE(file.registration.size(), 2);
        QCOMPARE(file.bootstrap.resamples, 10000);
        QVERIFY(!file.sourceSha256.isEmpty());
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown key")
            << QByteArray("version: 1\nmetrc: f1\n") << 2 << "unknown key 'metrc'";
        QTest::newRow("unknown metric")
            << QByteArray("metric: dollars\n") << 1 << "unknown metric 'dollars'";
        QTest::newRow("unknown operator")
            << QByteArray("registration:\n  - {metric: f1, op: \"=>\", value: 0.2}\n") << 2
            << "unknown operator '=>'";
        QTest::newRow("unknown cell")
            << QByteArray("value: {tp: 1, fx: 2}\n") << 1 << "unknown key 'fx' in value";
        QTest::newRow("not a number")
            << QByteArray("value:\n  tp: lots\n") << 2 << "value.tp 'lots' is not a decimal number";
        // Issue 17 item 6 and issue 9 "exact money": out-of-range or too precise amounts.
        QTest::newRow("huge cell value")
            << QByteArray("value:\n  tp: 1e308\n") << 2 << "outside the exact money range";
        QTest::newRow("huge negative cell value")
            << QByteArray("value:\n  fn: -1e308\n") << 2 << "outside the exact money range";
        QTest::newRow("huge min_delta") << QByteArray("challenge:\n  min_delta: 1e308\n") << 2
                                        << "outside the exact money range";
        QTest::newRow("too precise")
            << QByteArray("value: {fp: 0.0000001}\n") << 1 << "needs more than 6 decimal places";
        QTest::newRow("underflowing amount")
            << QByteArray("value: {fp: 1e-400}\n") << 1 << "needs more than 6 decimal places";
        QTest::newRow("huge registration limit")
            << QByteArray("registration:\n  - {metric: net_benefit, op: \">\", value: 1e300}\n")
            << 2 << "outside the exact money range";
        // Issue 17 item 11: integer fields refuse non-integers; limits outside a metric's range.
        QTest::newRow("fractional version")
            << QByteArray("version: 1.5\n") << 1 << "version must be a whole number, not 1.5";
        QTest::newRow("huge version") << QByteArray("version: 1e300\n") << 1
                                      << "version must be from 0 to 1,000,000, not 1e300";
        QTest::newRow("f1 above one")
            << QByteArray("registration:\n  - {metric: f1, op: \">\", value: 5}\n") << 2
            << "f1 lies in [0, 1]: a limit of 5 is outside its range";
        QTest::newRow("mcc below minus one")
            << QByteArray("registration:\n  - {metric: mcc, op: \">\", value: -2}\n") << 2
            << "mcc lies in [-1, 1]";
        QTest::newRow("fractional min_test_rows") << QByteArray("challenge: {min_test_rows: 2.5}\n")
                                                  << 1 << "min_test_rows must be a whole number";
        QTest::newRow("zero min_test_rows")
            << QByteArray("challenge: {min_test_rows: 0}\n") << 1 << "min_test_rows must be from 1";
        QTest::newRow("ties") << QByteArray("challenge:\n  strictly_better: false\n") << 2
                              << "a tie always goes to the champion";
        QTest::newRow("negative delta")
            << QByteArray("challenge: {min_delta: -5}\n") << 1 << "min_delta must be >= 0";
        QTest::newRow("malformed") << QByteArray("value: {tp: 1\nfp: 2\n") << 2 << "malformed YAML";
        QTest::newRow("version") << QByteArray("version: 2\n") << 1 << "version 2 is not supported";
        QTest::newRow("level") << QByteArray("bootstrap: {level: 95}\n") << 1
                               << "level must be between 0.5 and 1";
        QTest::newRow("significance metric")
            << QByteArray("metric: f1\nchallenge: {require_significance: true}\n") << 2
            << "needs metric: net_benefit";
        QTest::newRow("incomplete check")
            << QByteArray("registration:\n  - {metric: f1, op: \">\"}\n") << 2
            << "needs metric, op and value";
    }

    void rejects()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(int, line);
        QFETCH(QString, message);
        try {
            parseGatePolicy(yaml, QStringLiteral("policy.yaml"));
            QFAIL("a bad policy was accepted");
        } catch (const InputError &e) {
            QVERIFY2(e.problem().contains(message), qPrintable(e.message()));
            QCOMPARE(e.line(), qint64(line));
            QCOMPARE(e.file(), QStringLiteral("policy.yaml"));
        }
    }

    void canarySectionIsLeftToLayerFour()
    {
        const GatePolicy p = parseGatePolicy("canary:\n  interval: 5m\n", QStringLiteral("p.yaml"));
        QCOMPARE(p.metric, QStringLiteral("net_benefit"));
    }

    void readsExactMoney()
    {
        const GatePolicy p =
            parseGatePolicy("value: {tp: 1.5, fp: -0.3, fn: -0.9, tn: 0}\n"
                            "challenge: {min_delta: 0.000001, min_test_rows: 5}\n"
                            "registration:\n  - {metric: net_benefit, op: \">\", value: 32.10}\n",
                            QStringLiteral("p.yaml"));
        QCOMPARE(p.values.tp.micros(), int64_t(1'500'000));
        QCOMPARE(p.values.fp.micros(), int64_t(-300'000));
        QCOMPARE(p.values.fn.micros(), int64_t(-900'000));
        QCOMPARE(p.minDelta.micros(), int64_t(1));
        QCOMPARE(p.minTestRows, int64_t(5));
        QCOMPARE(p.registration.first().money.micros(), int64_t(32'100'000));
        // The applied policy prints the decimals exactly.
        const QJsonObject v = p.toJson().value(QStringLiteral("value")).toObject();
        QCOMPARE(QJsonDocument(v).toJson(QJsonDocument::Compact),
                 QByteArray(R"({"fn":-0.9,"fp":-0.3,"tn":0,"tp":1.5})"));
        QCOMPARE(GatePolicy::defaults().minTestRows, int64_t(30));
    }

    void formatsMoney()
    {
        QCOMPARE(formatMoney(Money::fromMicros(32'100'000)), QStringLiteral("$32.10"));
        QCOMPARE(formatMoney(Money::fromMicros(-500)), QStringLiteral("−$0.0005"));
        QCOMPARE(formatMoney(Money::fromMicros(INT64_MAX)),
                 QStringLiteral("$9,223,372,036,854.775807"));
        QCOMPARE(formatMoney(Money::fromMicros(-INT64_MAX)),
                 QStringLiteral("−$9,223,372,036,854.775807"));
        QCOMPARE(formatMoney(1e308), QStringLiteral("$1e+308")); // plotted doubles: no garbage
        QCOMPARE(formatMoney(-1e308), QStringLiteral("−$1e+308"));
        QCOMPARE(formatCount(INT64_MIN), QStringLiteral("−9,223,372,036,854,775,808"));
        QCOMPARE(formatMoney(1234567), QStringLiteral("$1,234,567"));
        QCOMPARE(formatMoney(-900), QStringLiteral("−$900"));
        QCOMPARE(formatMoney(12.5), QStringLiteral("$12.50"));
        QCOMPARE(formatMoney(-182002.5), QStringLiteral("−$182,002.50"));
        QCOMPARE(formatMoney(12.999), QStringLiteral("$13")); // doubles are rounded to cents
        QCOMPARE(formatCount(1346819), QStringLiteral("1,346,819"));
        QCOMPARE(formatCount(-280), QStringLiteral("−280"));
        QCOMPARE(formatCount(999), QStringLiteral("999"));
        QCOMPARE(formatMoney(100, QStringLiteral("EUR")), QStringLiteral("EUR 100"));
    }
};

QTEST_GUILESS_MAIN(TestGatePolicy)
#include "test_gatepolicy.moc"

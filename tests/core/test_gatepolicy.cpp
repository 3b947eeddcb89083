// The gate policy loader: the documented default, the reference policy, and every malformed
// policy an engineer could write, each with the line named.
#include "testhelpers.h"

#include "gate/gatepolicy.h"
#include "model/errors.h"

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
        QCOMPARE(file.values.fn, -300.0);
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
            << QByteArray("value:\n  tp: lots\n") << 2 << "value.tp must be a number";
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

    void formatsMoney()
    {
        QCOMPARE(formatMoney(1234567), QStringLiteral("$1,234,567"));
        QCOMPARE(formatMoney(-900), QStringLiteral("−$900"));
        QCOMPARE(formatMoney(12.5), QStringLiteral("$12.50"));
        QCOMPARE(formatMoney(-182002.5), QStringLiteral("−$182,002.50"));
        QCOMPARE(formatMoney(12.999), QStringLiteral("$13.00"));
        QCOMPARE(formatCount(1346819), QStringLiteral("1,346,819"));
        QCOMPARE(formatCount(-280), QStringLiteral("−280"));
        QCOMPARE(formatCount(999), QStringLiteral("999"));
        QCOMPARE(formatMoney(100, QStringLiteral("EUR")), QStringLiteral("EUR 100"));
    }
};

QTEST_GUILESS_MAIN(TestGatePolicy)
#include "test_gatepolicy.moc"

// gr::Money and the one number grammar: exact parsing, refusal of what cannot be held exactly,
// overflow-checked arithmetic, exact formatting and JSON (issue 9 "exact money", issue 17 item 6,
// issue 9 items 4 and 5).
#include "io/predictionreader.h"
#include "io/runmetadata.h"
#include "model/errors.h"
#include "model/money.h"
#include "model/numberparsing.h"

#include <bit>
#include <charconv>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <random>

using namespace gr;

class TestMoney : public QObject
{
    Q_OBJECT

private slots:
    void parsesExactly_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("micros");
        QTest::newRow("whole") << "500" << qint64(500'000'000);
        QTest::newRow("fraction") << "32.10" << qint64(32'100'000);
        QTest::newRow("negative") << "-0.3" << qint64(-300'000);
        QTest::newRow("plus") << "+0.9" << qint64(900'000);
        QTest::newRow("exponent") << "1.5e3" << qint64(1'500'000'000);
        QTest::newRow("negative exponent") << "25e-6" << qint64(25);
        QTest::newRow("leading point") << ".5" << qint64(500'000);
        QTest::newRow("trailing zeros beyond six places") << "0.1000000000" << qint64(100'000);
        QTest::newRow("zero with tiny exponent") << "0e-400" << qint64(0);
        QTest::newRow("largest") << "9223372036854.775807" << qint64(INT64_MAX);
        QTest::newRow("billion") << "1e9" << qint64(1'000'000'000'000'000);
    }

    void parsesExactly()
    {
        QFETCH(QString, text);
        QFETCH(qint64, micros);
        QString why;
        const std::optional<Money> m = Money::parse(text, &why);
        QVERIFY2(m, qPrintable(why));
        QCOMPARE(m->micros(), int64_t(micros));
    }

    void refuses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("why");
        QTest::newRow("too precise") << "0.0000001"
                                     << "more than 6 decimal places";
        QTest::newRow("underflow") << "1e-400"
                                   << "more than 6 decimal places";
        QTest::newRow("1e308") << "1e308"
                               << "outside the exact money range";
        QTest::newRow("-1e308") << "-1e308"
                                << "outside the exact money range";
        QTest::newRow("just above") << "9223372036854.775808"
                                    << "outside the exact money range";
        QTest::newRow("nan") << "nan"
                             << "is not a decimal number";
        QTest::newRow("inf") << ".inf"
                             << "is not a decimal number";
        QTest::newRow("hex") << "0x10"
                             << "is not a decimal number";
        QTest::newRow("empty exponent") << "1e"
                                        << "is not a decimal number";
        QTest::newRow("words") << "lots"
                               << "is not a decimal number";
    }

    void refuses()
    {
        QFETCH(QString, text);
        QFETCH(QString, why);
        QString got;
        QVERIFY(!Money::parse(text, &got));
        QVERIFY2(got.contains(why), qPrintable(got));
    }

    void arithmeticIsExactAndChecked()
    {
        const Money tp = *Money::parse(u"1.5"), fp = *Money::parse(u"-0.3");
        const Money fn = *Money::parse(u"-0.9");
        // 0.1 + 0.2 style sums stay exact: 3 x 1.5 + 7 x (-0.3) + 2 x (-0.9) = 0.6
        MoneySum s;
        s.add(tp, 3);
        s.add(fp, 7);
        s.add(fn, 2);
        QCOMPARE(s.total(), *Money::parse(u"0.6"));
        QCOMPARE(s.total().toDecimalString(), QStringLiteral("0.6"));
        const Money max = Money::fromMicros(INT64_MAX);
        QVERIFY_THROWS_EXCEPTION(MoneyOverflow, max + Money::fromMicros(1));
        QVERIFY_THROWS_EXCEPTION(MoneyOverflow, (-max) - Money::fromMicros(1));
        QVERIFY_THROWS_EXCEPTION(MoneyOverflow, max.times(2));
        QVERIFY_THROWS_EXCEPTION(MoneyOverflow, Money::fromMicros(INT64_MIN));
        QVERIFY_THROWS_EXCEPTION(MoneyOverflow, Money::fromUnits(10'000'000'000'000));
        QCOMPARE((-max).abs(), max);
        MoneySum big;
        big.add(max, 3);
        QVERIFY_THROWS_EXCEPTION(MoneyOverflow, big.total());
        QCOMPARE(big.dividedBy(3), max);
        MoneySum half;
        half.add(Money::fromMicros(-3));
        QCOMPARE(half.dividedBy(2).micros(), int64_t(-2)); // halves away from zero
    }

    void formatsExactly()
    {
        QCOMPARE(formatMoney(*Money::parse(u"32.1")), QStringLiteral("$32.10"));
        QCOMPARE(formatMoney(*Money::parse(u"1234567")), QStringLiteral("$1,234,567"));
        QCOMPARE(formatMoney(*Money::parse(u"-182002.5")), QStringLiteral("−$182,002.50"));
        QCOMPARE(formatMoney(*Money::parse(u"12.999")), QStringLiteral("$12.999"));
        QCOMPARE(formatMoney(*Money::parse(u"0.000001")), QStringLiteral("$0.000001"));
        QCOMPARE(formatMoney(Money(), QStringLiteral("EUR")), QStringLiteral("EUR 0"));
        QCOMPARE(formatSignedMoney(*Money::parse(u"900")), QStringLiteral("+$900"));
        QCOMPARE(formatSignedMoney(Money()), QStringLiteral("$0"));
        QCOMPARE(Money::fromMicros(-INT64_MAX).toDecimalString(),
                 QStringLiteral("-9223372036854.775807"));
    }

    void jsonIsExact_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("cents") << "32.1" << QByteArray("32.1");
        QTest::newRow("negative") << "-0.3" << QByteArray("-0.3");
        QTest::newRow("zero") << "0" << QByteArray("0");
        QTest::newRow("micro") << "0.000001" << QByteArray("1e-06");
        QTest::newRow("15 digits") << "123456789.123456" << QByteArray("123456789.123456");
        QTest::newRow("whole trillions") << "9000000000000" << QByteArray("9000000000000");
        // 19 significant digits: a JSON number would round, so a decimal string carries it.
        QTest::newRow("16+ digits")
            << "9223372036854.775807" << QByteArray("\"9223372036854.775807\"");
    }

    void jsonIsExact()
    {
        QFETCH(QString, text);
        QFETCH(QByteArray, json);
        const Money m = *Money::parse(text);
        QByteArray out = QJsonDocument(QJsonObject{{QStringLiteral("v"), m.toJson()}})
                             .toJson(QJsonDocument::Compact);
        QCOMPARE(out, QByteArray("{\"v\":") + json + "}");
        const QJsonValue back = QJsonDocument::fromJson(out).object().value(QStringLiteral("v"));
        QCOMPARE(Money::fromJson(back), std::optional<Money>(m));
    }

    // Issue 9 item 5: one grammar for files and options.
    void parsesNumbers_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<double>("value");
        QTest::newRow("+0.5") << "+0.5" << true << 0.5;
        QTest::newRow("underflow to 0") << "1e-400" << true << 0.0;
        QTest::newRow("negative underflow") << "-1e-400" << true << 0.0;
        QTest::newRow("long fraction underflow")
            << QStringLiteral("0.") + QString(400, QLatin1Char('0')) + QStringLiteral("1") << true
            << 0.0;
        QTest::newRow("subnormal") << "1e-310" << true << 1e-310;
        QTest::newRow("-0") << "-0" << true << 0.0;
        QTest::newRow("5.") << "5." << true << 5.0;
        QTest::newRow("overflow") << "1e400" << false << 0.0;
        QTest::newRow("nan") << "nan" << false << 0.0;
        QTest::newRow("inf") << "inf" << false << 0.0;
        QTest::newRow("hex") << "0x1p3" << false << 0.0;
        QTest::newRow("double sign") << "+-1" << false << 0.0;
        QTest::newRow("space") << " 1" << false << 0.0;
        QTest::newRow("empty") << "" << false << 0.0;
    }

    void parsesNumbers()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(double, value);
        const std::optional<double> v = parseDecimal(text);
        QCOMPARE(bool(v), ok);
        if (ok) {
            QCOMPARE(*v, value);
            QVERIFY(!std::signbit(*v));
        }
    }

    // Issue 15: plain decimals ("0.123456") take a fast path; it must give the very double
    // std::from_chars gives (the correctly rounded one), bit for bit, at every length and
    // point position — including 15 and 16 digits, where the fast path hands over.
    void plainDecimalsMatchFromChars()
    {
        std::mt19937_64 rng(15);
        for (int n = 0; n < 200'000; ++n) {
            const int digits = 1 + int(rng() % 17);
            const int point = int(rng() % uint64_t(digits + 2)) - 1; // -1: no point
            std::string text;
            for (int d = 0; d < digits; ++d) {
                if (d == point) text += '.';
                text += char('0' + rng() % 10);
            }
            if (point == digits) text += '.';
            double expected = 0;
            const auto [end, ec] =
                std::from_chars(text.data(), text.data() + text.size(), expected);
            QVERIFY(ec == std::errc() && end == text.data() + text.size());
            const std::optional<double> v = parseDecimal(std::string_view(text));
            QVERIFY2(v && std::bit_cast<uint64_t>(*v) == std::bit_cast<uint64_t>(expected),
                     text.c_str());
        }
        QVERIFY(!parseDecimal(std::string_view(".")));
        QCOMPARE(*parseDecimal(std::string_view(".5")), 0.5);
        QCOMPARE(*parseDecimal(std::string_view("0.1")), 0.1);
        QCOMPARE(*parseDecimal(std::string_view("0.123456")), 0.123456);
    }

    // Issue 9 item 5: a prediction file reads numbers with the same grammar as the options.
    void predictionFilesUseTheSameGrammar()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("row_id,y_true,y_score\n1,1,+0.5\n2,0,1e-400\n3,0,-0\n");
        f.close();
        const PredictionSet set = PredictionReader().read(path);
        QCOMPARE(set.scores, (std::vector<double>{0.5, 0.0, 0.0}));
        QVERIFY(!std::signbit(set.scores[1]) && !std::signbit(set.scores[2]));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("row_id,y_true,y_score\n1,1,1e400\n");
        f.close();
        try {
            PredictionReader().read(path);
            QFAIL("1e400 was accepted");
        } catch (const InputError &e) {
            QVERIFY2(e.problem().contains(QStringLiteral("too large")), qPrintable(e.message()));
            QCOMPARE(e.line(), qint64(2));
        }
    }

    // Issue 9 item 4: one threshold rule; the message names the source.
    void validatesThresholds()
    {
        QCOMPARE(parseThreshold(QStringLiteral("+0.5"), QStringLiteral("--champion-threshold")),
                 0.5);
        for (const char *bad : {"nan", "NaN", "inf", "1.5", "-0.1", "1e400", ""}) {
            try {
                parseThreshold(QLatin1String(bad), QStringLiteral("--champion-threshold"));
                QFAIL(bad);
            } catch (const InputError &e) {
                QVERIFY2(e.message().startsWith(QStringLiteral("--champion-threshold")),
                         qPrintable(e.message()));
            }
        }
        // Sidecars and run metadata: the same rule, naming the file and line.
        for (const char *bad : {"threshold: .nan\n", "threshold: 1.5\n", "threshold: .inf\n",
                                "{\"threshold\": \"nan\"}\n"}) {
            try {
                parseRunMetadata(bad, QStringLiteral("p.run.yaml"));
                QFAIL(bad);
            } catch (const InputError &e) {
                QCOMPARE(e.file(), QStringLiteral("p.run.yaml"));
                QCOMPARE(e.line(), qint64(1));
                QVERIFY2(e.problem().contains(QStringLiteral("threshold")),
                         qPrintable(e.message()));
            }
        }
        QCOMPARE(*parseRunMetadata("threshold: +0.25\n", QStringLiteral("p.run.yaml")).threshold,
                 0.25);
        QVERIFY(!thresholdProblem(std::nan("")).isEmpty());
        QVERIFY(thresholdProblem(0.0).isEmpty());
        QVERIFY(thresholdProblem(1.0).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestMoney)
#include "test_money.moc"

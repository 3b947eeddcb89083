// Issue 9 item 10: the README's fingerprint recipe, run literally with `sh`, reproduces the
// tool's test-set fingerprint for integer ids, text ids with punctuation (bytes below ',') and
// true/false labels, and tells integer ids from text exactly as the tool does at the edges of
// int64 ("-0", 20-digit numbers and INT64_MAX + 1 are text; INT64_MIN is an integer).
#include "testhelpers.h"

#include "io/chunkedfile.h"
#include "io/predictionreader.h"

#include <algorithm>
#include <cstdint>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>
#include <random>
#include <string>

using namespace gr;

class TestFingerprintRecipe : public QObject
{
    Q_OBJECT

    static QString recipe()
    {
        QFile f(QStringLiteral(GR_SOURCE_DIR "/README.md"));
        if (!f.open(QIODevice::ReadOnly)) return {};
        const QString text = QString::fromUtf8(f.readAll());
        const qsizetype marker = text.indexOf(QStringLiteral("<!-- fingerprint-recipe -->"));
        const qsizetype begin = text.indexOf(QStringLiteral("```sh\n"), marker);
        const qsizetype end = text.indexOf(QStringLiteral("\n```"), begin + 6);
        if (marker < 0 || begin < 0 || end < 0) return {};
        return text.mid(begin + 6, end - begin - 6) + QLatin1Char('\n');
    }

private slots:
    void recipeMatchesTheTool_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<bool>("integerIds");
        QTest::newRow("integer ids") << QByteArray("row_id,y_true,y_score\n10,1,0.9\n9,0,0.1\n"
                                                   "-3,1,0.5\n100,0,0.2\n2,1,0.7\n")
                                     << true;
        QTest::newRow("text ids with punctuation")
            << QByteArray("row_id,y_true,y_score\na!b,1,0.9\na b,0,0.1\na+c,1,0.5\na#1,0,0.2\n"
                          "A,1,0.7\na-1,0,0.3\na.2,1,0.4\n\xc3\xa9t\xc3\xa9,0,0.6\n007,1,0.8\n"
                          "a,0,0.1\n")
            << false;
        QTest::newRow("true/false labels, CRLF, other column order")
            << QByteArray("y_score,y_true,row_id\r\n0.9,True,3\r\n0.1,FALSE,1\r\n0.5,true,"
                          "2\r\n0.4,false,11\r\n")
            << true;
        // 20 characters with the sign: the tool once read these as text, the recipe as numbers.
        QTest::newRow("integer ids at the ends of int64")
            << QByteArray("row_id,y_true,y_score\n9223372036854775807,1,0.9\n"
                          "-9223372036854775808,0,0.1\n-1000000000000000000,1,0.5\n"
                          "999999999999999999,0,0.2\n0,1,0.7\n")
            << true;
        for (const char *id :
             {"-0", "+5", "9223372036854775808", "-9223372036854775809", "10000000000000000000"})
            QTest::addRow("integers and %s: text", id)
                << QByteArray("row_id,y_true,y_score\n10,1,0.9\n9,0,0.1\n") + id +
                       ",1,0.5\n100,0,0.2\n-3,1,0.7\n"
                << false;
    }

    void recipeMatchesTheTool()
    {
        QFETCH(QByteArray, csv);
        QFETCH(bool, integerIds);
        if (QStandardPaths::findExecutable(QStringLiteral("sh")).isEmpty() ||
            QStandardPaths::findExecutable(QStringLiteral("sha256sum")).isEmpty())
            QSKIP("sh or sha256sum is not installed: the recipe cannot run here");
        const QString script = recipe();
        QVERIFY2(!script.isEmpty(), "README.md has no <!-- fingerprint-recipe --> ```sh block");
        QTemporaryDir dir;
        const QString path = test::writeFile(dir, QStringLiteral("predictions.csv"), csv);
        QProcess sh;
        sh.setWorkingDirectory(dir.path());
        sh.start(QStringLiteral("sh"), {QStringLiteral("-c"), script});
        QVERIFY(sh.waitForFinished(30000));
        QCOMPARE(sh.exitCode(), 0);
        const QString got =
            QString::fromLatin1(sh.readAllStandardOutput()).section(QLatin1Char(' '), 0, 0);
        const PredictionSet set = PredictionReader().read(path);
        QCOMPARE(set.ids.isNumeric(), integerIds);
        QCOMPARE(got, set.fingerprint);
    }

    // Issue 15: consecutive integer ids are formatted by incrementing the previous id's text.
    // Every carry (9 -> 10, 999 -> 1000), negative ids, zero, gaps and the largest id must
    // give the text std::to_chars gives, in the file's order and shuffled.
    void countingIdsHashTheirDecimalText_data()
    {
        QTest::addColumn<bool>("shuffled");
        QTest::newRow("in order") << false;
        QTest::newRow("shuffled") << true;
    }

    void countingIdsHashTheirDecimalText()
    {
        QFETCH(bool, shuffled);
        std::vector<int64_t> ids;
        for (int64_t id = -12; id <= 130; ++id)
            ids.push_back(id);
        for (int64_t id = 990; id <= 1010; ++id)
            ids.push_back(id);
        for (int64_t id = 99'999'990; id <= 100'000'011; ++id)
            ids.push_back(id);
        for (int64_t id = INT64_MAX - 12; id < INT64_MAX; ++id)
            ids.push_back(id);
        ids.push_back(INT64_MAX);
        std::string expected;
        for (const int64_t id : ids)
            expected += std::to_string(id) + (id % 3 == 0 ? ",1\n" : ",0\n");
        if (shuffled) std::shuffle(ids.begin(), ids.end(), std::mt19937_64(15));
        PredictionSet set;
        for (const int64_t id : ids) {
            set.ids.appendInteger(id);
            set.labels.push_back(id % 3 == 0 ? 1 : 0);
            set.scores.push_back(0.5);
        }
        finishPredictionSet(set);
        QCOMPARE(set.fingerprint, sha256Hex(expected.data(), expected.size()));
    }
};

QTEST_GUILESS_MAIN(TestFingerprintRecipe)
#include "test_fingerprintrecipe.moc"

// Parquet prediction files, read with DuckDB: fixtures written by an independent writer (arrow-rs
// through parquet-wasm, tests/data/parquet/make_parquet.mjs) must give exactly what the same
// rows give as CSV, down to the verdict of the demo pair, and every refusal names file, row and
// problem (tests/data/parquet/expected.tsv).
#include "testhelpers.h"

#include "io/chunkedfile.h"
#include "io/parquetreader.h"
#include "io/predictionreader.h"
#include "model/errors.h"
#include "review/openreview.h"

#include <QtTest>

using namespace gr;

namespace {

QString parquet(const QString &name)
{
    return test::dataPath(QStringLiteral("parquet/") + name);
}
QString demo(const QString &side)
{
    return QStringLiteral(GR_SOURCE_DIR "/resources/demo/") + side;
}

// A copy of the demo run folder whose predictions are the Parquet twin of its CSV.
QString parquetRunFolder(const QTemporaryDir &dir, const QString &side)
{
    const QString folder = dir.filePath(side);
    QDir().mkpath(folder);
    for (const QString &name : {QStringLiteral("run.yaml"), QStringLiteral("dvc.lock")})
        QFile::copy(demo(side) + QLatin1Char('/') + name, folder + QLatin1Char('/') + name);
    QFile::copy(parquet(QStringLiteral("demo-%1.parquet").arg(side)),
                folder + QStringLiteral("/predictions.parquet"));
    return folder;
}

} // namespace

class TestParquetReader : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!parquetSupportBuilt())
            QSKIP("this build has no Parquet support: DuckDB's header was not under .tools/ when "
                  "it was configured (run .ci/install-deps.sh)");
    }

    void recognisesParquetByItsMagicNotItsName()
    {
        QVERIFY(isParquetFile(parquet(QStringLiteral("demo-champion.parquet"))));
        QVERIFY(!isParquetFile(test::dataPath(QStringLiteral("bad-inputs/nan-score.csv"))));
        QTemporaryDir dir;
        const QString renamed = dir.filePath(QStringLiteral("predictions.csv"));
        QVERIFY(QFile::copy(parquet(QStringLiteral("demo-champion.parquet")), renamed));
        QCOMPARE(PredictionReader(ColumnMapping{QStringLiteral("customer_id"),
                                                QStringLiteral("churned"),
                                                QStringLiteral("churn_probability"),
                                                {}})
                     .read(renamed)
                     .size(),
                 size_t(20000));
    }

    void equalsItsCsvTwinRowForRow_data()
    {
        QTest::addColumn<QString>("side");
        QTest::newRow("champion: int64 ids, int8 labels, zstd") << QStringLiteral("champion");
        QTest::newRow("candidate: string ids, boolean labels, gzip, extra column")
            << QStringLiteral("candidate");
    }

    void equalsItsCsvTwinRowForRow()
    {
        QFETCH(QString, side);
        const ColumnMapping columns{QStringLiteral("customer_id"),
                                    QStringLiteral("churned"),
                                    QStringLiteral("churn_probability"),
                                    {}};
        const PredictionSet csv =
            PredictionReader(columns).read(demo(side) + QStringLiteral("/predictions.csv.gz"));
        const PredictionSet pq =
            PredictionReader(columns).read(parquet(QStringLiteral("demo-%1.parquet").arg(side)));
        QCOMPARE(pq.size(), csv.size());
        QCOMPARE(pq.ids.isNumeric(), true);
        for (size_t i = 0; i < csv.size(); ++i) {
            QCOMPARE(pq.ids.integerAt(i), csv.ids.integerAt(i));
            QCOMPARE(pq.labels[i], csv.labels[i]);
            QCOMPARE(pq.scores[i], csv.scores[i]); // bit for bit: both correctly rounded
        }
        QCOMPARE(pq.positives, csv.positives);
        QCOMPARE(pq.fingerprint, csv.fingerprint);
        QCOMPARE(pq.fileSha256, sha256OfFile(parquet(QStringLiteral("demo-%1.parquet").arg(side))));
        QVERIFY(pq.fileSha256 != csv.fileSha256);
    }

    void theDemoVerdictIsTheSameFromParquet()
    {
        QTemporaryDir dir;
        const QString policy = QStringLiteral(GR_SOURCE_DIR "/resources/demo/policy.yaml");
        const Review fromCsv = openReview(ReviewRequest(demo(QStringLiteral("champion")),
                                                        demo(QStringLiteral("candidate")), policy));
        const Review fromParquet =
            openReview(ReviewRequest(parquetRunFolder(dir, QStringLiteral("champion")),
                                     parquetRunFolder(dir, QStringLiteral("candidate")), policy));
        QCOMPARE(toString(fromParquet.report->result), QStringLiteral("NOT_PROMOTED"));
        QCOMPARE(toString(fromParquet.report->result), toString(fromCsv.report->result));
        QCOMPARE(fromParquet.report->comparison->netBenefitDelta.toDecimalString(),
                 fromCsv.report->comparison->netBenefitDelta.toDecimalString());
        QCOMPARE(fromParquet.report->comparison->netBenefitDelta.toDecimalString(),
                 QStringLiteral("-107900"));
        QCOMPARE(fromParquet.report->testSet.championFingerprint,
                 fromCsv.report->testSet.championFingerprint);
    }

    void readsStringIdsNamedClassesAndFloatScores()
    {
        const PredictionSet set =
            PredictionReader(
                ColumnMapping{{}, QStringLiteral("outcome"), {}, QStringLiteral("churn")})
                .read(parquet(QStringLiteral("positive-class.parquet")));
        QCOMPARE(set.size(), size_t(5));
        QVERIFY(!set.ids.isNumeric());
        QCOMPARE(set.ids.toString(0), QStringLiteral("a"));
        QCOMPARE(set.positives, qint64(2));
        QCOMPARE(set.labels[1], uint8_t(0));
        QCOMPARE(set.scores[0], double(0.9f)); // a float32 column keeps its float's value
    }

    void headerForTheColumnDialog()
    {
        // The window asks for columns when a role has no usual name: here the label.
        const PredictionHeader header =
            readPredictionHeader(parquet(QStringLiteral("positive-class.parquet")));
        QCOMPARE(header.columns, (QStringList{QStringLiteral("row_id"), QStringLiteral("outcome"),
                                              QStringLiteral("proba")}));
        QCOMPARE(header.id, 0);
        QCOMPARE(header.label, -1);
        QCOMPARE(header.score, 2);
        QVERIFY(!header.complete());
    }

    void readsScoresWrittenAsText()
    {
        const PredictionSet set =
            PredictionReader().read(parquet(QStringLiteral("string-scores.parquet")));
        QCOMPARE(set.scores, (std::vector<double>{0.9, 0.2, 0.7, 0.4, 0.1}));
        QCOMPARE(set.positives, qint64(2));
    }

    void rejectsBadParquet_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("message");
        QFile list(parquet(QStringLiteral("expected.tsv")));
        QVERIFY(list.open(QIODevice::ReadOnly));
        while (!list.atEnd()) {
            const QStringList f =
                QString::fromUtf8(list.readLine()).trimmed().split(QLatin1Char('\t'));
            if (f.size() == 2) QTest::newRow(qPrintable(f[0])) << parquet(f[0]) << f[1];
        }
    }

    void rejectsBadParquet()
    {
        QFETCH(QString, file);
        QFETCH(QString, message);
        try {
            PredictionReader().read(file);
            QFAIL("the bad input was accepted");
        } catch (const InputError &e) {
            QCOMPARE(e.file(), file);
            QVERIFY2(e.problem().contains(message), qPrintable(e.message()));
            QVERIFY(e.message().startsWith(file));
        }
    }

    void aNameWithGlobCharactersReadsThatFile()
    {
        // read_parquet would expand "[ab]" as a pattern; the reader must read this file.
        QTemporaryDir dir;
        const QString odd = dir.filePath(QStringLiteral("run [a*b]'s.parquet"));
        QVERIFY(QFile::copy(parquet(QStringLiteral("string-scores.parquet")), odd));
        QVERIFY(QFile::copy(parquet(QStringLiteral("nan-score.parquet")),
                            dir.filePath(QStringLiteral("run a's.parquet"))));
        QCOMPARE(PredictionReader().read(odd).size(), size_t(5));
    }
};

QTEST_GUILESS_MAIN(TestParquetReader)
#include "test_parquetreader.moc"

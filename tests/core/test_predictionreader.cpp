// The prediction reader: accepted layouts and every bad input named in DEVELOPERS.md, each with
// the message the user sees (file, line, problem). Bad inputs are fixture files listed with their
// expected line and message in tests/data/bad-inputs/expected.tsv.
#include "testhelpers.h"

#include "io/predictionreader.h"
#include "io/runloader.h"
#include "model/errors.h"

#include <QtTest>
#include <zlib.h>

using namespace gr;

class TestPredictionReader : public QObject
{
    Q_OBJECT

private slots:
    void rejectsBadInput_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        QFile list(test::dataPath(QStringLiteral("bad-inputs/expected.tsv")));
        QVERIFY(list.open(QIODevice::ReadOnly));
        while (!list.atEnd()) {
            const QStringList f =
                QString::fromUtf8(list.readLine()).trimmed().split(QLatin1Char('\t'));
            if (f.size() == 3)
                QTest::newRow(qPrintable(f[0]))
                    << test::dataPath(QStringLiteral("bad-inputs/") + f[0]) << f[1].toInt() << f[2];
        }
    }

    void rejectsBadInput()
    {
        QFETCH(QString, file);
        QFETCH(int, line);
        QFETCH(QString, message);
        try {
            PredictionReader().read(file);
            QFAIL("the bad input was accepted");
        } catch (const InputError &e) {
            QCOMPARE(e.file(), file);
            QCOMPARE(e.line(), qint64(line));
            QVERIFY2(e.problem().contains(message), qPrintable(e.message()));
            QVERIFY(e.message().startsWith(file));
        }
    }

    void readsCsvTsvAndGzipAlike()
    {
        QTemporaryDir dir;
        const QByteArray csv = "row_id,y_true,y_score\r\n7,1,0.9\r\n3,0,0.2\r\n5,true,0.5\r\n";
        const QByteArray tsv = "id\tlabel\tproba\n7\t1\t0.9\n3\t0\t0.2\n5\t1\t0.5\n\n\n";
        const QString gzPath = dir.filePath(QStringLiteral("p.csv.gz"));
        gzFile g = gzopen(QFile::encodeName(gzPath).constData(), "wb");
        gzwrite(g, csv.constData(), unsigned(csv.size()));
        gzclose(g);
        const PredictionSet a =
            PredictionReader().read(test::writeFile(dir, QStringLiteral("p.csv"), csv));
        const PredictionSet b =
            PredictionReader().read(test::writeFile(dir, QStringLiteral("p.tsv"), tsv));
        const PredictionSet c = PredictionReader().read(gzPath);
        for (const PredictionSet *s : {&a, &b, &c}) {
            QCOMPARE(s->size(), size_t(3));
            QCOMPARE(s->positives, qint64(2));
            QCOMPARE(s->scores[1], 0.2);
            QCOMPARE(s->ids.integerAt(0), int64_t(7));
            QCOMPARE(s->idOrder, (std::vector<uint32_t>{1, 2, 0}));
        }
        QCOMPARE(a.fingerprint, b.fingerprint);
        QCOMPARE(a.fingerprint, c.fingerprint);
        // The fingerprint is SHA-256 of "id,label\n" lines in id order: reproducible by hand.
        const QByteArray canonical = "3,0\n5,1\n7,1\n";
        QCOMPARE(a.fingerprint,
                 QString::fromLatin1(
                     QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex()));
        QCOMPARE(
            a.fileSha256,
            QString::fromLatin1(QCryptographicHash::hash(csv, QCryptographicHash::Sha256).toHex()));
        QVERIFY(c.fileSha256 != a.fileSha256); // the stored (compressed) bytes are what is hashed
    }

    void namedPositiveClassAndColumnMapping()
    {
        QTemporaryDir dir;
        const QString path =
            test::writeFile(dir, QStringLiteral("p.csv"),
                            "customer,churned,p\n\"a-1\",yes,0.8\nb-2,no,0.1\nc-3,yes,0.6\n");
        ColumnMapping mapping{QStringLiteral("customer"), QStringLiteral("churned"),
                              QStringLiteral("p"), QStringLiteral("yes")};
        const PredictionSet s = PredictionReader(mapping).read(path);
        QVERIFY(!s.ids.isNumeric());
        QCOMPARE(s.ids.toString(0), QStringLiteral("a-1"));
        QCOMPARE(s.positives, qint64(2));

        const QString three = test::writeFile(
            dir, QStringLiteral("q.csv"), "customer,churned,p\na,yes,0.8\nb,no,0.1\nc,maybe,0.6\n");
        try {
            PredictionReader(mapping).read(three);
            QFAIL("a third class was accepted");
        } catch (const InputError &e) {
            QCOMPARE(e.line(), qint64(4));
            QVERIFY(e.problem().contains(QStringLiteral("third class")));
        }
        try {
            PredictionReader(ColumnMapping{QStringLiteral("nope"), {}, {}, {}}).read(path);
            QFAIL("a missing explicit column was accepted");
        } catch (const InputError &e) {
            QVERIFY(e.problem().contains(QStringLiteral("no column named 'nope'")));
        }
    }

    void leadingZeroIdsStayText()
    {
        QTemporaryDir dir;
        const PredictionSet s = PredictionReader().read(
            test::writeFile(dir, QStringLiteral("p.csv"), "id,label,score\n007,1,0.5\n7,0,0.4\n"));
        QVERIFY(!s.ids.isNumeric()); // "007" and "7" are different ids
        QCOMPARE(s.ids.toString(0), QStringLiteral("007"));
    }

    void runFolderWithSidecar()
    {
        const auto run = loadLocalRun(QStringLiteral(GR_SOURCE_DIR "/resources/demo/candidate"));
        QCOMPARE(run->meta.modelVersion, QStringLiteral("8"));
        QCOMPARE(toString(run->thresholdSource), toString(ThresholdSource::Metadata));
        QCOMPARE(run->predictions.size(), size_t(20000));
        QVERIFY(run->meta.dvcLock.endsWith(QStringLiteral("candidate/dvc.lock")));
        QCOMPARE(run->meta.datasets.size(), 2);

        RunSourceOptions options;
        options.thresholdOverride = 0.3;
        QCOMPARE(loadLocalRun(QStringLiteral(GR_SOURCE_DIR "/resources/demo/candidate"), options)
                     ->threshold,
                 0.3);
    }

    void malformedSidecar()
    {
        QTemporaryDir dir;
        const QString csv =
            test::writeFile(dir, QStringLiteral("p.csv"), "row_id,y_true,y_score\n1,1,0.5\n");
        test::writeFile(dir, QStringLiteral("p.csv.run.yaml"),
                        "display_name: x\nthreshold: [1, 2\n");
        try {
            loadLocalRun(csv);
            QFAIL("malformed YAML accepted");
        } catch (const InputError &e) {
            QVERIFY(e.file().endsWith(QStringLiteral("p.csv.run.yaml")));
            QVERIFY(e.problem().contains(QStringLiteral("malformed YAML")));
        }
        test::writeFile(dir, QStringLiteral("p.csv.run.yaml"),
                        "display_name: x\nthreshhold: 0.4\n");
        try {
            loadLocalRun(csv);
            QFAIL("unknown key accepted");
        } catch (const InputError &e) {
            QCOMPARE(e.line(), qint64(2));
            QVERIFY(e.problem().contains(QStringLiteral("unknown key 'threshhold'")));
        }
    }
};

QTEST_GUILESS_MAIN(TestPredictionReader)
#include "test_predictionreader.moc"

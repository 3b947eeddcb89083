// Hostile and odd input files (issue 17, items 7, 9 and 11): bounded memory for endless lines,
// gzip bombs and devices; pipes and FIFOs read whole, a FIFO without a writer given up on; and
// messages that name the real cause (UTF-16, CR-only lines, NUL bytes, wide or duplicated
// headers, duplicate YAML keys, deep nesting, symbolic link loops). Fixture files with their
// expected line and message are listed in tests/data/hardening/expected.tsv.
#include "testhelpers.h"

#include "gate/gatepolicy.h"
#include "io/chunkedfile.h"
#include "io/predictionreader.h"
#include "io/runloader.h"
#include "io/runmetadata.h"
#include "model/errors.h"

#include <QtTest>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <csignal>
#include <future>
#include <thread>

using namespace gr;
using namespace std::chrono_literals;

namespace {

// The problem of the InputError that `load` throws; fails the test when nothing is thrown.
template <typename Load> InputError errorOf(Load &&load)
{
    try {
        load();
    } catch (const InputError &e) {
        return e;
    }
    qFatal("the input was accepted");
}

long peakRssKb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

// An anonymous pipe, as `--champion <(cat file)` hands the tool: /proc/self/fd/N names its read
// end. A thread writes `chunk` `times` times (or until the reader closes), then closes.
class PipeSource
{
public:
    PipeSource(QByteArray chunk, qint64 times)
    {
        if (::pipe(m_fds) != 0) qFatal("pipe failed");
        m_writer = std::thread([this, chunk = std::move(chunk), times] {
            for (qint64 i = 0; i < times; ++i)
                if (::write(m_fds[1], chunk.constData(), size_t(chunk.size())) < 0) break;
            ::close(m_fds[1]);
        });
    }
    ~PipeSource()
    {
        ::close(m_fds[0]); // a writer blocked on a full pipe gets EPIPE and stops
        m_writer.join();
    }
    QString path() const { return QStringLiteral("/proc/self/fd/%1").arg(m_fds[0]); }

private:
    int m_fds[2];
    std::thread m_writer;
};

// `chunk` gzip-compressed once, as `times` concatenated gzip members (which gzip readers must
// accept): a bomb of any decoded size is cheap to build this way.
QByteArray gzipOf(const QByteArray &chunk, int times)
{
    QByteArray member(int(compressBound(uLong(chunk.size()))) + 64, '\0');
    z_stream zs{};
    deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(chunk.constData()));
    zs.avail_in = uInt(chunk.size());
    zs.next_out = reinterpret_cast<Bytef *>(member.data());
    zs.avail_out = uInt(member.size());
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END) qFatal("deflate failed");
    member.truncate(qsizetype(zs.total_out));
    deflateEnd(&zs);
    return member.repeated(times);
}

const QByteArray kSmallCsv = "row_id,y_true,y_score\n1,0,0.1\n2,1,0.9\n";

} // namespace

class TestInputHardening : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { std::signal(SIGPIPE, SIG_IGN); } // pipe writers see EPIPE instead
    void init() { qunsetenv("GATEREVIEW_FIFO_WAIT_SECONDS"); }

    // Item 11 and the streaming half of item 7, from fixture files.
    void namesTheRealCause_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        QFile list(test::dataPath(QStringLiteral("hardening/expected.tsv")));
        QVERIFY(list.open(QIODevice::ReadOnly));
        list.readLine(); // the header
        while (!list.atEnd()) {
            const QStringList f =
                QString::fromUtf8(list.readLine()).trimmed().split(QLatin1Char('\t'));
            if (f.size() == 3)
                QTest::newRow(qPrintable(f[0]))
                    << test::dataPath(QStringLiteral("hardening/") + f[0]) << f[1].toInt() << f[2];
        }
    }
    void namesTheRealCause()
    {
        QFETCH(QString, file);
        QFETCH(int, line);
        QFETCH(QString, message);
        const InputError e = errorOf([&] { PredictionReader().read(file); });
        QVERIFY2(e.problem().contains(message), qPrintable(e.message()));
        QCOMPARE(e.line(), qint64(line));
        QCOMPARE(e.file(), file);
    }

    // Item 7: a 1 GB single line no longer grows to a gigabyte: refused after the line limit.
    void endlessLineStopsAtTheLineLimit()
    {
        const long before = peakRssKb();
        PipeSource pipe(QByteArray(1 << 16, 'a'), 16 * 1024); // 1 GiB, no newline
        const InputError e = errorOf([&] { PredictionReader().read(pipe.path()); });
        QVERIFY2(e.problem().contains(QLatin1String("longer than 1048576 bytes")),
                 qPrintable(e.message()));
        QVERIFY2(e.problem().contains(QLatin1String("GATEREVIEW_MAX_LINE_BYTES")),
                 qPrintable(e.message()));
        QCOMPARE(e.line(), qint64(1));
        QVERIFY2(peakRssKb() - before < 64 * 1024,
                 qPrintable(QStringLiteral("peak RSS grew by %1 KiB").arg(peakRssKb() - before)));
    }

    void lineLimitIsOverridable()
    {
        QTemporaryDir dir;
        const QString path =
            test::writeFile(dir, QStringLiteral("wide.csv"),
                            "row_id,y_true,y_score\n1,0,0.1," + QByteArray(200, 'x') + "\n");
        qputenv("GATEREVIEW_MAX_LINE_BYTES", "100");
        const InputError e = errorOf([&] { PredictionReader().read(path); });
        qunsetenv("GATEREVIEW_MAX_LINE_BYTES");
        QVERIFY2(e.problem().contains(QLatin1String("longer than 100 bytes")),
                 qPrintable(e.message()));
        QCOMPARE(e.line(), qint64(2));
    }

    // Item 7: a small gzip inflating to gigabytes without a newline stops at the line limit...
    void gzipBombWithoutNewlineStopsEarly()
    {
        QTemporaryDir dir;
        const QString path = test::writeFile(dir, QStringLiteral("bomb.csv.gz"),
                                             gzipOf(QByteArray(1 << 20, 'a'), 1024)); // 1 GiB
        const long before = peakRssKb();
        const InputError e = errorOf([&] { PredictionReader().read(path); });
        QVERIFY2(e.problem().contains(QLatin1String("longer than")), qPrintable(e.message()));
        QVERIFY(peakRssKb() - before < 64 * 1024);
    }

    // ...and gzip data is refused once it inflates past the ratio limit, whatever it holds.
    void gzipRatioLimit()
    {
        QTemporaryDir dir;
        const QString path = test::writeFile(dir, QStringLiteral("bomb.gz"),
                                             gzipOf(QByteArray(1 << 20, 'a'), 200)); // 200 MiB
        InputLimits limits;
        const InputError e = errorOf([&] {
            ChunkedFile file(path, 4 << 20, limits);
            std::string sink;
            while (file.readChunk(sink))
                sink.clear();
        });
        QVERIFY2(e.problem().contains(QLatin1String("decompression bomb")),
                 qPrintable(e.message()));
        QVERIFY(e.problem().contains(QLatin1String("GATEREVIEW_MAX_GZIP_RATIO")));
        // Raised, the same data reads to the end.
        limits.maxGzipRatio = 1e6;
        ChunkedFile file(path, 4 << 20, limits);
        std::string sink;
        qint64 total = 0;
        while (file.readChunk(sink)) {
            total += qint64(sink.size());
            sink.clear();
        }
        QCOMPARE(total, qint64(200) << 20);
    }

    // Item 7: /dev/zero is refused at once instead of being read forever; zeros through a pipe
    // stop at the first chunk (a NUL byte).
    void devicesAndEndlessZeros()
    {
        const QString zero = QStringLiteral("/dev/zero");
        QVERIFY(errorOf([&] { PredictionReader().read(zero); })
                    .problem()
                    .contains(QLatin1String("is a device")));
        QVERIFY(errorOf([&] { loadRunMetadata(zero); })
                    .problem()
                    .contains(QLatin1String("is a device")));
        PipeSource pipe(QByteArray(1 << 16, '\0'), 16 * 1024);
        const InputError e = errorOf([&] { PredictionReader().read(pipe.path()); });
        QVERIFY2(e.problem().contains(QLatin1String("NUL byte")), qPrintable(e.message()));
    }

    void textFileSizeLimit()
    {
        QTemporaryDir dir;
        const QString path = test::writeFile(dir, QStringLiteral("big.run.yaml"),
                                             "display_name: x\n# " + QByteArray(300, 'x') + "\n");
        qputenv("GATEREVIEW_MAX_TEXT_BYTES", "200");
        const InputError e = errorOf([&] { loadRunMetadata(path); });
        qunsetenv("GATEREVIEW_MAX_TEXT_BYTES");
        QVERIFY2(e.problem().contains(QLatin1String("larger than 200 bytes")),
                 qPrintable(e.message()));
        QCOMPARE(loadRunMetadata(path).displayName, QStringLiteral("x"));
    }

    // Item 9: a pipe loses nothing (the old reader sought back and lost its first 4 KB), plain
    // or gzip-compressed, and its SHA-256 is that of the bytes that came through.
    void pipesAreReadWhole()
    {
        QByteArray csv = "row_id,y_true,y_score\n";
        for (int i = 0; i < 5000; ++i)
            csv += QByteArray::number(i) + (i % 3 ? ",1,0.75\n" : ",0,0.25\n");
        QTemporaryDir dir;
        const PredictionSet fromFile =
            PredictionReader().read(test::writeFile(dir, QStringLiteral("p.csv"), csv));
        for (const QByteArray &bytes : {csv, gzipOf(csv, 1)}) {
            PipeSource pipe(bytes, 1);
            const PredictionSet set = PredictionReader().read(pipe.path());
            QCOMPARE(set.size(), size_t(5000));
            QCOMPARE(set.fingerprint, fromFile.fingerprint);
            QCOMPARE(set.fileSha256,
                     QString::fromLatin1(
                         QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
        }
        PipeSource sidecar("display_name: piped\nthreshold: 0.4\n", 1);
        QCOMPARE(loadRunMetadata(sidecar.path()).threshold, std::optional<double>(0.4));
    }

    // Item 9: a FIFO is read once a writer comes; without one the wait is bounded and says why.
    void fifoWithAndWithoutWriter()
    {
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("champion.csv"));
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        std::thread writer([&] {
            std::this_thread::sleep_for(200ms);
            QFile f(fifo);
            if (f.open(QIODevice::WriteOnly)) f.write(kSmallCsv);
        });
        QCOMPARE(loadLocalRun(fifo)->predictions.size(), size_t(2));
        writer.join();

        qputenv("GATEREVIEW_FIFO_WAIT_SECONDS", "1");
        auto reading = std::async(std::launch::async,
                                  [&] { return errorOf([&] { PredictionReader().read(fifo); }); });
        if (reading.wait_for(15s) != std::future_status::ready) {
            QFile unblock(fifo); // release the blocked reader so the test can end
            unblock.open(QIODevice::WriteOnly);
            unblock.close();
            reading.wait();
            QFAIL("reading a FIFO without a writer blocked");
        }
        const InputError e = reading.get();
        QVERIFY2(e.problem().contains(QLatin1String("nothing wrote to this FIFO")),
                 qPrintable(e.message()));
        QVERIFY(e.problem().contains(QLatin1String("GATEREVIEW_FIFO_WAIT_SECONDS")));
    }

    // Items 7 and 9 for the policy too: piped in whole; a FIFO without a writer and /dev/zero
    // are refused with the reason instead of blocking or growing forever.
    void policyFromPipesAndDevices()
    {
        PipeSource pipe("version: 1\nchallenge:\n  min_delta: 5\n", 1);
        QCOMPARE(loadGatePolicy(pipe.path()).minDelta, Money::fromUnits(5));
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("policy.yaml"));
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        qputenv("GATEREVIEW_FIFO_WAIT_SECONDS", "1");
        auto reading =
            std::async(std::launch::async, [&] { return errorOf([&] { loadGatePolicy(fifo); }); });
        if (reading.wait_for(15s) != std::future_status::ready) {
            QFile unblock(fifo);
            unblock.open(QIODevice::WriteOnly);
            unblock.close();
            reading.wait();
            QFAIL("reading a policy FIFO without a writer blocked");
        }
        const InputError e = reading.get();
        QVERIFY2(e.problem().contains(QLatin1String("nothing wrote to this FIFO")),
                 qPrintable(e.message()));
        QCOMPARE(e.file(), fifo);
        // After the FIFO: the old reader would have grown without bound here.
        const InputError zero = errorOf([] { loadGatePolicy(QStringLiteral("/dev/zero")); });
        QVERIFY2(zero.problem().contains(QLatin1String("is a device")), qPrintable(zero.message()));
    }

    // Item 11: more than 256 columns keep every column (the id may come last).
    void wideHeaderKeepsEveryColumn()
    {
        QByteArray header, row;
        for (int i = 0; i < 300; ++i) {
            header += "feature_" + QByteArray::number(i) + ',';
            row += "0,";
        }
        QTemporaryDir dir;
        const QString path =
            test::writeFile(dir, QStringLiteral("wide.csv"),
                            header + "y_true,y_score,row_id\n" + row + "1,0.9,42\n");
        const PredictionSet set = PredictionReader().read(path);
        QCOMPARE(set.ids.integerAt(0), int64_t(42));
        QCOMPARE(set.scores[0], 0.9);
    }

    // Item 7: a duplicate is found while streaming, before a later broken row is even read.
    void duplicateFoundBeforeTheRestIsRead()
    {
        QByteArray csv = "row_id,y_true,y_score\n";
        for (int i = 0; i < 100000; ++i)
            csv += QByteArray::number((i * 7919) % 100000) + ",1,0.5\n";
        csv += "17,0,0.5\n" + QByteArray(3 << 20, 'x'); // the duplicate, then garbage
        QTemporaryDir dir;
        const InputError e = errorOf(
            [&] { PredictionReader().read(test::writeFile(dir, QStringLiteral("d.csv"), csv)); });
        QVERIFY2(e.problem().contains(QLatin1String("duplicate row id '17'")),
                 qPrintable(e.message()));
        QCOMPARE(e.line(), qint64(100002));
    }

    // Item 11: YAML that repeats a key names both lines instead of silently using the first.
    void duplicateYamlKeys()
    {
        const InputError yaml = errorOf([] {
            loadRunMetadata(test::dataPath(QStringLiteral("hardening/duplicate-key.run.yaml")));
        });
        QCOMPARE(yaml.line(), qint64(5));
        QVERIFY2(
            yaml.problem().contains(QLatin1String("duplicate key 'threshold' (first at line 2)")),
            qPrintable(yaml.message()));
        const InputError json = errorOf([] {
            loadRunMetadata(test::dataPath(QStringLiteral("hardening/duplicate-key.run.json")));
        });
        QCOMPARE(json.line(), qint64(3));
        QVERIFY2(json.problem().contains(QLatin1String("duplicate key 'a' (first at line 2)")),
                 qPrintable(json.message()));
        const InputError policy = errorOf([] {
            parseGatePolicy("version: 1\nchallenge:\n  min_delta: 0\n  min_delta: 100\n",
                            QStringLiteral("policy.yaml"));
        });
        QCOMPARE(policy.line(), qint64(4));
        QVERIFY(policy.problem().contains(QLatin1String("duplicate key 'min_delta'")));
    }

    // Item 11: deep nesting, UTF-16 and NUL bytes in YAML get messages naming them; aliases do
    // not make the checks exponential.
    void yamlEncodingAndNesting()
    {
        const QByteArray deep = "params: " + QByteArray(5000, '[') + QByteArray(5000, ']') + "\n";
        QVERIFY2(errorOf([&] { parseRunMetadata(deep, QStringLiteral("run.yaml")); })
                     .problem()
                     .contains(QLatin1String("nests")),
                 "deep nesting");
        const QByteArray nested = "params: " + QByteArray(100, '[') + QByteArray(100, ']') + "\n";
        const InputError e = errorOf([&] { parseRunMetadata(nested, QStringLiteral("run.yaml")); });
        QVERIFY2(e.problem().contains(QLatin1String("nests more than 64 levels")),
                 qPrintable(e.message()));

        const QString yaml16 = QStringLiteral("display_name: x\n");
        QByteArray utf16("\xFF\xFE", 2);
        utf16.append(reinterpret_cast<const char *>(yaml16.utf16()), yaml16.size() * 2);
        QVERIFY(errorOf([&] { parseRunMetadata(utf16, QStringLiteral("run.yaml")); })
                    .problem()
                    .contains(QLatin1String("UTF-16")));
        const InputError nul = errorOf([&] {
            parseRunMetadata(QByteArray("display_name: x\nrun_id: a\0b\n", 27),
                             QStringLiteral("r"));
        });
        QCOMPARE(nul.line(), qint64(2));
        QVERIFY(nul.problem().contains(QLatin1String("NUL byte")));

        QByteArray laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (char c = 'b'; c <= 'z'; ++c)
            laughs += QByteArray(1, c) + ": &" + c + " [" +
                      ('*' + QByteArray(1, char(c - 1)) + ", ").repeated(10) + "x]\n";
        laughs += "display_name: x\n";
        QElapsedTimer timer;
        timer.start();
        const InputError alias = errorOf([&] { parseRunMetadata(laughs, QStringLiteral("r")); });
        QVERIFY(alias.problem().contains(QLatin1String("unknown key 'a'")));
        QVERIFY2(timer.elapsed() < 5000, "aliases were expanded");
    }

    // Fuzzing finding: a dataset's rows beyond qint64 was converted with undefined behaviour.
    void fuzzFindingHugeDatasetRows()
    {
        const QString path =
            test::dataPath(QStringLiteral("fuzz-regressions/runmetadata-huge-rows.run.yaml"));
        const InputError e = errorOf([&] { loadRunMetadata(path); });
        QVERIFY2(e.problem().contains(QLatin1String("whole number of rows")),
                 qPrintable(e.message()));
        QVERIFY(errorOf([] {
                    parseRunMetadata("datasets:\n  - {name: x, rows: 2.5}\n", QStringLiteral("r"));
                })
                    .problem()
                    .contains(QLatin1String("whole number")));
        QCOMPARE(parseRunMetadata("datasets:\n  - {name: x, rows: 95000}\n", QStringLiteral("r"))
                     .datasets.value(0)
                     .rows,
                 std::optional<qint64>(95000));
    }

    // Item 11: symbolic link loops and dangling links say so, instead of "no such file".
    void symbolicLinks()
    {
        QTemporaryDir dir;
        const QString a = dir.filePath(QStringLiteral("a.csv")),
                      b = dir.filePath(QStringLiteral("b.csv"));
        QVERIFY(QFile::link(b, a) && QFile::link(a, b));
        const InputError loop = errorOf([&] { loadLocalRun(a); });
        QVERIFY2(loop.problem().contains(QLatin1String("symbolic link loop")),
                 qPrintable(loop.message()));
        const QString dangling = dir.filePath(QStringLiteral("dangling.csv"));
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("gone.csv")), dangling));
        const InputError missing = errorOf([&] { loadLocalRun(dangling); });
        QVERIFY2(missing.problem().contains(QLatin1String("symbolic link to")) &&
                     missing.problem().contains(QLatin1String("gone.csv")),
                 qPrintable(missing.message()));
        QVERIFY(errorOf([&] { loadRunMetadata(a); })
                    .problem()
                    .contains(QLatin1String("symbolic link loop")));
    }
};

QTEST_GUILESS_MAIN(TestInputHardening)
#include "test_inputhardening.moc"

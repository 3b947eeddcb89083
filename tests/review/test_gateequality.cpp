// The equality (checksum) test behind the performance work of issue 15: every output of the gate
// on generated 200k-row pairs must stay exactly what the implementation of 2026-12-02 (before the
// load and sweep optimisations) produced — SHA-256 of each file's bytes, both fingerprints, both
// full sweeps (the counts at every distinct threshold), the model metrics, the paired
// transitions, McNemar, the sign-flip test, the bootstrap interval and the verdict. Doubles are
// compared through their shortest round-trip text, so "equal" means bit for bit.
//
// The pairs are generated here with a fixed seed and integer arithmetic only (no libm, no
// std::*_distribution), so the files are the same bytes on every platform. The cases cover the
// reader's paths: integer ids in order, integer ids shuffled differently in each file, text ids
// with a gzip-compressed champion and a CRLF candidate, and scores written short ("0.5", "1").
//
// Set GR_UPDATE_GOLDEN=1 to record tests/data/gate-equality/expected.json again — only when an
// output is meant to change, and say why in the commit.
#include "testhelpers.h"

#include "gate/gateevaluator.h"
#include "model/taskcontrol.h"
#include "review/openreview.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QtTest>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <zlib.h>

using namespace gr;

namespace {

constexpr size_t kRows = 200'000;

// splitmix64: a fixed, portable sequence for a seed.
class Sequence
{
public:
    explicit Sequence(uint64_t seed) : m_state(seed) {}
    uint64_t next()
    {
        uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    int64_t below(int64_t n) { return int64_t(next() % uint64_t(n)); }

private:
    uint64_t m_state;
};

enum class IdStyle
{
    IntegersInOrder,
    IntegersShuffled, // each file in its own order
    TextGzipAndCrlf,  // text ids; champion gzip-compressed, candidate CRLF and shuffled
};

struct Row
{
    QByteArray id;
    int label = 0;
    int64_t championMicros = 0, candidateMicros = 0;
};

// A score in millionths written as "%.6f", or shortened ("0.5", "1") on some rows.
QByteArray scoreText(int64_t micros, bool shorten)
{
    char text[16];
    std::snprintf(text, sizeof text, "%d.%06d", int(micros / 1'000'000), int(micros % 1'000'000));
    QByteArray s(text);
    if (shorten) {
        while (s.endsWith('0'))
            s.chop(1);
        if (s.endsWith('.')) s.chop(1);
    }
    return s;
}

std::vector<Row> generateRows(size_t n, uint64_t seed, IdStyle style)
{
    Sequence rng(seed);
    std::vector<Row> rows(n);
    for (size_t i = 0; i < n; ++i) {
        Row &r = rows[i];
        // Text ids: a random part (so sorted text order is not file order) made unique by the
        // row number.
        r.id = style == IdStyle::TextGzipAndCrlf
                   ? "u" + QByteArray::number(qlonglong(10'000'000 + rng.below(90'000'000))) + '-' +
                         QByteArray::number(qulonglong(i))
                   : QByteArray::number(
                         qlonglong(style == IdStyle::IntegersInOrder ? i + 1 : 1000 + 7 * i));
        r.label = rng.below(5) == 0 ? 1 : 0;
        // A shared latent signal plus each model's own noise: correlated, with many ties.
        int64_t latent = r.label * 300'000;
        for (int k = 0; k < 4; ++k)
            latent += rng.below(150'000);
        r.championMicros =
            std::clamp<int64_t>(latent * 7 / 10 + rng.below(300'000) - 50'000, 0, 1'000'000);
        r.candidateMicros =
            std::clamp<int64_t>(latent * 8 / 10 + rng.below(250'000) - 90'000, 0, 1'000'000);
    }
    return rows;
}

QByteArray fileText(const std::vector<Row> &rows, const std::vector<size_t> &order, bool champion,
                    const char *lineEnd)
{
    QByteArray out;
    out.reserve(qsizetype(rows.size() * 26));
    out += "row_id,y_true,y_score";
    out += lineEnd;
    for (size_t i : order) {
        const Row &r = rows[i];
        out += r.id;
        out += r.label ? ",1," : ",0,";
        out += scoreText(champion ? r.championMicros : r.candidateMicros, i % 7 == 3);
        out += lineEnd;
    }
    return out;
}

std::vector<size_t> shuffledOrder(size_t n, uint64_t seed)
{
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t(0));
    Sequence rng(seed);
    for (size_t i = n - 1; i > 0; --i) // Fisher-Yates with the portable sequence
        std::swap(order[i], order[size_t(rng.below(int64_t(i + 1)))]);
    return order;
}

QByteArray gzipped(const QByteArray &text)
{
    z_stream zs{};
    if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        qFatal("deflateInit2 failed");
    QByteArray out(qsizetype(deflateBound(&zs, uLong(text.size()))), '\0');
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(text.data()));
    zs.avail_in = uInt(text.size());
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = uInt(out.size());
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END) qFatal("deflate failed");
    out.resize(qsizetype(zs.total_out));
    deflateEnd(&zs);
    return out;
}

QString text(double v)
{
    return QString::number(v, 'g', 17);
}

// Every point of a sweep, hashed: threshold bits and the counts there.
QJsonObject sweepDigest(const ThresholdSweep &sweep)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (size_t i = 0; i < sweep.size(); ++i) {
        const Confusion c = sweep.confusionAtIndex(i);
        hash.addData(QByteArray::number(sweep.thresholdAt(i), 'g', 17) + ' ' +
                     QByteArray::number(qlonglong(c.tp)) + ' ' +
                     QByteArray::number(qlonglong(c.fp)) + '\n');
    }
    return {{QStringLiteral("points"), qint64(sweep.size())},
            {QStringLiteral("positives"), qint64(sweep.positives())},
            {QStringLiteral("negatives"), qint64(sweep.negatives())},
            {QStringLiteral("sha256"), QString::fromLatin1(hash.result().toHex())}};
}

QJsonObject modelOutputs(const ModelEvaluation &m)
{
    const ModelMetrics &x = m.metrics;
    const PredictionSet &p = m.run->predictions;
    return {
        {QStringLiteral("file_sha256"), p.fileSha256},
        {QStringLiteral("fingerprint"), p.fingerprint},
        {QStringLiteral("rows"), qint64(p.size())},
        {QStringLiteral("positives"), p.positives},
        {QStringLiteral("sweep"), sweepDigest(*m.sweep)},
        {QStringLiteral("confusion"), QJsonArray{qint64(x.confusion.tp), qint64(x.confusion.fp),
                                                 qint64(x.confusion.fn), qint64(x.confusion.tn)}},
        {QStringLiteral("net_benefit"), x.netBenefit.toDecimalString()},
        {QStringLiteral("f1"), text(x.f1)},
        {QStringLiteral("mcc"), text(x.mcc)},
        {QStringLiteral("roc_auc"), text(x.rocAuc)},
        {QStringLiteral("average_precision"), text(x.averagePrecision)},
        {QStringLiteral("brier"), text(x.brier)},
        {QStringLiteral("best_nb_threshold"), text(x.bestNetBenefit.threshold)},
        {QStringLiteral("best_nb"), x.bestNetBenefit.value.toDecimalString()},
        {QStringLiteral("best_f1_threshold"), text(x.bestF1.threshold)}};
}

QJsonObject gateOutputs(const GateReport &report)
{
    QJsonObject out{{QStringLiteral("verdict"), toString(report.result)},
                    {QStringLiteral("identical"), report.testSet.identical},
                    {QStringLiteral("champion"), modelOutputs(report.champion)},
                    {QStringLiteral("candidate"), modelOutputs(report.candidate)}};
    if (!report.comparison) return out;
    const PairedComparison &c = *report.comparison;
    QJsonArray transitions;
    for (const auto &row : c.transitions)
        for (int64_t n : row)
            transitions.append(qint64(n));
    out[QStringLiteral("transitions")] = transitions;
    out[QStringLiteral("net_benefit_delta")] = c.netBenefitDelta.toDecimalString();
    out[QStringLiteral("mcnemar")] =
        QJsonArray{qint64(c.mcnemar.b), qint64(c.mcnemar.c), text(c.mcnemar.pValue)};
    out[QStringLiteral("sign_flip_p")] = text(c.signFlip.pValue);
    out[QStringLiteral("bootstrap")] =
        QJsonArray{c.bootstrap.low.toDecimalString(),       c.bootstrap.high.toDecimalString(),
                   c.bootstrap.mean.toDecimalString(),      text(c.bootstrap.stddev),
                   text(c.bootstrap.fractionAtOrBelowZero), c.bootstrap.resamples};
    return out;
}

QString expectedPath()
{
    return test::dataPath(QStringLiteral("gate-equality/expected.json"));
}

} // namespace

class TestGateEquality : public QObject
{
    Q_OBJECT

private slots:
    void sameOutputs_data()
    {
        QTest::addColumn<int>("style");
        QTest::newRow("integer-ids-in-order") << int(IdStyle::IntegersInOrder);
        QTest::newRow("integer-ids-shuffled") << int(IdStyle::IntegersShuffled);
        QTest::newRow("text-ids-gzip-crlf") << int(IdStyle::TextGzipAndCrlf);
    }

    void sameOutputs()
    {
        QFETCH(int, style);
        const auto idStyle = IdStyle(style);
        const QString name = QString::fromLatin1(QTest::currentDataTag());
        const std::vector<Row> rows = generateRows(kRows, 20261202 + uint64_t(style), idStyle);
        std::vector<size_t> inOrder(rows.size());
        std::iota(inOrder.begin(), inOrder.end(), size_t(0));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString championPath, candidatePath;
        switch (idStyle) {
        case IdStyle::IntegersInOrder:
            championPath = test::writeFile(dir, QStringLiteral("champion.csv"),
                                           fileText(rows, inOrder, true, "\n"));
            candidatePath = test::writeFile(dir, QStringLiteral("candidate.csv"),
                                            fileText(rows, inOrder, false, "\n"));
            break;
        case IdStyle::IntegersShuffled:
            championPath = test::writeFile(dir, QStringLiteral("champion.csv"),
                                           fileText(rows, shuffledOrder(kRows, 1), true, "\n"));
            candidatePath = test::writeFile(dir, QStringLiteral("candidate.csv"),
                                            fileText(rows, shuffledOrder(kRows, 2), false, "\n"));
            break;
        case IdStyle::TextGzipAndCrlf: {
            std::vector<size_t> byText = inOrder;
            std::sort(byText.begin(), byText.end(),
                      [&rows](size_t a, size_t b) { return rows[a].id < rows[b].id; });
            championPath = test::writeFile(dir, QStringLiteral("champion.csv.gz"),
                                           gzipped(fileText(rows, byText, true, "\n")));
            candidatePath = test::writeFile(dir, QStringLiteral("candidate.csv"),
                                            fileText(rows, shuffledOrder(kRows, 3), false, "\r\n"));
            break;
        }
        }

        // The CLI's way (both files in parallel) and the window's (one after the other, with
        // progress) must agree with each other and with the record.
        OpenReviewOptions options;
        options.gate.now = QDateTime(QDate(2026, 12, 2), QTime(0, 0), Qt::UTC);
        const Review cli = openReview(ReviewRequest(championPath, candidatePath), options);
        TaskControl reading, gate;
        options.reading = &reading;
        options.gateControl = &gate;
        const Review window = openReview(ReviewRequest(championPath, candidatePath), options);
        const QJsonObject actual = gateOutputs(*cli.report);
        QCOMPARE(gateOutputs(*window.report), actual);

        QJsonObject all =
            QFile::exists(expectedPath()) ? test::readJson(expectedPath()) : QJsonObject();
        if (qEnvironmentVariableIntValue("GR_UPDATE_GOLDEN")) {
            all[name] = actual;
            QFile f(expectedPath());
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QJsonDocument(all).toJson(QJsonDocument::Indented));
            QSKIP("expected outputs recorded");
        }
        QVERIFY2(all.contains(name),
                 qPrintable(expectedPath() + QStringLiteral(" has no '%1': record it with "
                                                            "GR_UPDATE_GOLDEN=1")
                                                 .arg(name)));
        const QJsonObject expected = all[name].toObject();
        for (const QString &key : expected.keys()) // one key at a time: a readable difference
            QCOMPARE(QJsonDocument(QJsonArray{actual[key]}).toJson(QJsonDocument::Compact),
                     QJsonDocument(QJsonArray{expected[key]}).toJson(QJsonDocument::Compact));
        QCOMPARE(actual.keys(), expected.keys());
    }
};

QTEST_GUILESS_MAIN(TestGateEquality)
#include "test_gateequality.moc"

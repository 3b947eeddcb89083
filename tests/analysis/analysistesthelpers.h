#pragma once
// Rows for the analysis tests: the checked-in CSV cases and the LCG-generated large cases of
// tests/data/analysis (make_reference.py mirrors generateRows() bit for bit).
#include "metrics/testsetcheck.h"
#include "metrics/thresholdsweep.h"
#include "model/predictionset.h"
#include "testhelpers.h"

#include "model/errors.h"
#include <cmath>
#include <QFile>
#include <QJsonArray>

namespace gr::test {

struct PairedRows
{
    PredictionSet champion, candidate;
    ThresholdSweep championSweep, candidateSweep;
    TestSetCheck pairing;

    void finish()
    {
        candidate.labels = champion.labels;
        championSweep = ThresholdSweep::compute(champion.labels, champion.scores);
        candidateSweep = ThresholdSweep::compute(candidate.labels, candidate.scores);
        pairing.identical = true;
        pairing.championRows = pairing.candidateRows = pairing.sharedRows = qint64(champion.size());
    }
};

inline PairedRows generateRows(uint64_t seed, int64_t rows, int tieStep)
{
    PairedRows out;
    uint64_t x = seed;
    auto uniform = [&x] {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        return double(x >> 11) * (1.0 / 9007199254740992.0);
    };
    out.champion.labels.reserve(size_t(rows));
    for (int64_t i = 0; i < rows; ++i) {
        const int label = uniform() < 0.3 ? 1 : 0;
        const double u1 = uniform(), u2 = uniform(), u3 = uniform();
        double s1 = 0.625 * u1 + 0.25 * label * u2 + 0.0625 * u3;
        double s2 = 0.5 * u1 + 0.375 * label * u3 + 0.125 * u2;
        if (tieStep) {
            s1 = std::floor(s1 * tieStep) / tieStep;
            s2 = std::floor(s2 * tieStep) / tieStep;
        }
        out.champion.labels.push_back(uint8_t(label));
        out.champion.scores.push_back(s1);
        out.candidate.scores.push_back(s2);
    }
    out.finish();
    return out;
}

inline PairedRows readCase(const QString &folder)
{
    const QString generator = QDir(folder).filePath(QStringLiteral("generator.json"));
    if (QFile::exists(generator)) {
        const QJsonObject spec = readJson(generator);
        return generateRows(uint64_t(spec[QStringLiteral("seed")].toInteger()),
                            spec[QStringLiteral("rows")].toInteger(),
                            spec[QStringLiteral("tie_step")].toInt());
    }
    PairedRows out;
    QFile f(QDir(folder).filePath(QStringLiteral("predictions.csv")));
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot open %s", qPrintable(f.fileName()));
    f.readLine(); // header: row_id,y_true,champion,candidate
    while (!f.atEnd()) {
        const QList<QByteArray> fields = f.readLine().trimmed().split(',');
        if (fields.size() != 4) continue;
        out.champion.labels.push_back(uint8_t(fields[1].toInt()));
        out.champion.scores.push_back(fields[2].toDouble());
        out.candidate.scores.push_back(fields[3].toDouble());
    }
    out.finish();
    return out;
}

inline std::vector<double> toVector(const QJsonValue &v)
{
    std::vector<double> out;
    for (const QJsonValue &e : v.toArray())
        out.push_back(e.toDouble());
    return out;
}

// |actual - expected| / |expected| (0 when both are 0).
inline double relativeError(double actual, double expected)
{
    if (actual == expected) return 0;
    return std::abs(actual - expected) / std::abs(expected);
}

} // namespace gr::test

#pragma once
// Shared by the MLflow test executables: the fixture store, a writable copy of it, and the check
// of a gate report against the scikit-learn reference values of ../shared/reference/breast-cancer.
#include "testhelpers.h"

#include "gate/gatereport.h"
#include "report/gatereportjson.h"

#include <cmath>
#include <QDirIterator>
#include <QJsonArray>
#include <QtTest>

namespace gr::test {

inline QString mlflowFixture(const QString &relative = {})
{
    return dataPath(QStringLiteral("mlflow-2.10.2/") + relative);
}

// The three registered models of the fixture, one gate case each.
inline QStringList mlflowModels()
{
    return {QStringLiteral("churn-classifier"), QStringLiteral("churn-classifier-regression"),
            QStringLiteral("churn-classifier-split-mismatch")};
}

inline void copyTree(const QString &from, const QString &to)
{
    QDir().mkpath(to);
    QDirIterator it(from, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden,
                    QDirIterator::Subdirectories);
    const QDir source(from);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString target = QDir(to).filePath(source.relativeFilePath(path));
        if (it.fileInfo().isDir())
            QDir().mkpath(target);
        else if (!QFile::copy(path, target))
            qFatal("cannot copy %s", qPrintable(path));
    }
}

inline QJsonValue jsonAt(const QJsonObject &o, const QStringList &path)
{
    QJsonValue v = o;
    for (const QString &k : path)
        v = v.toObject().value(k);
    return v;
}

// Compares what the gate computed with the reference file of `model`; a difference fails the
// calling test (QCOMPARE/QVERIFY/QFAIL return from this helper at the first one).
inline void checkAgainstReference(const GateReport &report, const QString &model)
{
    const QJsonObject expected =
        readJson(dataPath(QStringLiteral("gate-cases/%1/expected.json").arg(model)));
    const QJsonObject json = gateReportToJson(report);
    for (const QString &role : {QStringLiteral("champion"), QStringLiteral("candidate")}) {
        const QJsonObject want = jsonAt(expected, {QStringLiteral("models"), role}).toObject();
        const QJsonObject got = json.value(role).toObject();
        for (const QString &cell : {QStringLiteral("tp"), QStringLiteral("fp"),
                                    QStringLiteral("fn"), QStringLiteral("tn")})
            QCOMPARE(jsonAt(got, {QStringLiteral("confusion"), cell}).toDouble(),
                     jsonAt(want, {QStringLiteral("confusion"), cell}).toDouble());
        QCOMPARE(got.value(QStringLiteral("threshold")).toDouble(),
                 want.value(QStringLiteral("threshold")).toDouble());
        QVERIFY(std::abs(got.value(QStringLiteral("net_benefit")).toDouble() -
                         want.value(QStringLiteral("net_benefit")).toDouble()) < 1e-6);
        for (const char *k : {"precision", "recall", "f1", "accuracy", "mcc", "roc_auc",
                              "average_precision", "brier"}) {
            const double g = got.value(QLatin1String(k)).toDouble(),
                         w = want.value(QLatin1String(k)).toDouble();
            if (std::abs(g - w) > 1e-9 * std::max(1.0, std::abs(w)))
                QFAIL(qPrintable(QStringLiteral("%1.%2: %3 != reference %4")
                                     .arg(role, QLatin1String(k))
                                     .arg(g, 0, 'g', 17)
                                     .arg(w, 0, 'g', 17)));
        }
        QCOMPARE(double(report.champion.run->predictions.size()),
                 jsonAt(expected, {QStringLiteral("models"), QStringLiteral("champion"),
                                   QStringLiteral("rows")})
                     .toDouble());
    }
    const QJsonObject comparison = expected.value(QStringLiteral("comparison")).toObject();
    if (comparison.isEmpty()) {
        QCOMPARE(json.value(QStringLiteral("gate_result")).toString(), QStringLiteral("INVALID"));
        return;
    }
    QVERIFY(report.testSet.identical);
    QVERIFY(
        std::abs(jsonAt(json, {QStringLiteral("comparison"), QStringLiteral("net_benefit_delta")})
                     .toDouble() -
                 comparison.value(QStringLiteral("net_benefit_delta")).toDouble()) < 1e-6);
    QCOMPARE(
        jsonAt(json, {QStringLiteral("comparison"), QStringLiteral("mcnemar"), QStringLiteral("b")})
            .toDouble(),
        jsonAt(comparison, {QStringLiteral("mcnemar"), QStringLiteral("b_champion_only_correct")})
            .toDouble());
    QCOMPARE(
        jsonAt(json, {QStringLiteral("comparison"), QStringLiteral("mcnemar"), QStringLiteral("c")})
            .toDouble(),
        jsonAt(comparison, {QStringLiteral("mcnemar"), QStringLiteral("c_candidate_only_correct")})
            .toDouble());
}

} // namespace gr::test

// The diagnosis evidence: dvc.lock parsing and diffs, metadata diffs, score summaries, and the
// four steps computed for the churn-classifier runs with metadata.
#include "diagnosis/diagnosis.h"
#include "model/errors.h"
#include "report/reportdocument.h"
#include "reportfixture.h"

#include <bit>
#include <QTest>
#include <random>

using namespace gr;
using namespace gr::test;

class TestDiagnosis : public QObject
{
    Q_OBJECT
private slots:
    void dvcLockDiffNamesChangedAddedAndRemoved()
    {
        const DvcLockDiff diff =
            diffDvcLocks(loadDvcLock(dataPath(QStringLiteral("diagnosis/champion.dvc.lock"))),
                         loadDvcLock(dataPath(QStringLiteral("diagnosis/candidate.dvc.lock"))));
        QStringList changes;
        for (const DvcLockChange &c : diff.changes)
            changes << QStringLiteral("%1/%2/%3 %4 %5>%6")
                           .arg(c.stage, c.kind, c.path, toString(c.change), c.championMd5.left(4),
                                c.candidateMd5.left(4));
        QCOMPARE(changes,
                 (QStringList{QStringLiteral("prepare/dep/data/raw/churn.csv changed 3f1c>9e8d"),
                              QStringLiteral("prepare/out/data/prepared changed 0b1c>5f4e"),
                              QStringLiteral("train/dep/data/prepared changed 0b1c>5f4e"),
                              QStringLiteral("train/dep/src/features.py added >feed"),
                              QStringLiteral("train/out/models/model.pkl changed 1234>fedc")}));
        QCOMPARE(diff.unchanged, 2); // src/prepare.py and params.yaml
        const DvcLockDiff reversed =
            diffDvcLocks(loadDvcLock(dataPath(QStringLiteral("diagnosis/candidate.dvc.lock"))),
                         loadDvcLock(dataPath(QStringLiteral("diagnosis/champion.dvc.lock"))));
        QCOMPARE(toString(reversed.changes[3].change), QStringLiteral("removed"));
    }

    void malformedDvcLockNamesFileAndLine()
    {
        const QString path = dataPath(QStringLiteral("diagnosis/malformed.dvc.lock"));
        try {
            loadDvcLock(path);
            QFAIL("a deps mapping instead of a list must be rejected");
        } catch (const InputError &e) {
            QCOMPARE(e.file(), path);
            QCOMPARE(e.line(), 5);
            QVERIFY2(e.problem().contains(QLatin1String("deps of stage 'prepare' must be a list")),
                     qPrintable(e.message()));
        }
        QVERIFY_THROWS_EXCEPTION(InputError, parseDvcLock("stages: [", QStringLiteral("x")));
        QVERIFY_THROWS_EXCEPTION(InputError, parseDvcLock("schema: '2.0'\n", QStringLiteral("x")));
    }

    void mapDiffIsOrderedByKey()
    {
        const QList<MapChange> d = diffMaps({{QStringLiteral("b"), QStringLiteral("1")},
                                             {QStringLiteral("c"), QStringLiteral("same")},
                                             {QStringLiteral("a"), QStringLiteral("x")}},
                                            {{QStringLiteral("b"), QStringLiteral("2")},
                                             {QStringLiteral("c"), QStringLiteral("same")},
                                             {QStringLiteral("d"), QStringLiteral("new")}});
        QCOMPARE(d.size(), 3);
        QCOMPARE(d[0].key, QStringLiteral("a"));
        QCOMPARE(toString(d[0].change), QStringLiteral("removed"));
        QCOMPARE(toString(d[1].change), QStringLiteral("changed"));
        QCOMPARE(d[1].candidateValue, QStringLiteral("2"));
        QCOMPARE(toString(d[2].change), QStringLiteral("added"));
    }

    void scoreSummaryInterpolatesQuantiles()
    {
        PredictionSet p;
        p.labels = {1, 0, 1, 1, 1, 0};
        p.scores = {0.2, 0.9, 0.4, 0.6, 0.8, 0.1};
        const ScoreSummary positives = summarizeScores(p, 1);
        QCOMPARE(positives.rows, 4);
        QCOMPARE(positives.mean, 0.5);
        QCOMPARE(positives.p50, 0.5);                // between 0.4 and 0.6
        QVERIFY(qFuzzyCompare(positives.p10, 0.26)); // 0.2 + 0.3 x (0.4 - 0.2)
        QCOMPARE(summarizeScores(p, 0).rows, 2);
        QCOMPARE(summarizeScores(PredictionSet{}, 1).rows, 0);
    }

    // Issue 15: the window reads the summaries off the sweeps; they must equal, bit for bit,
    // those of the sorted scores, with heavy ties and with all-distinct scores.
    void scoreSummaryFromTheSweepIsTheSame()
    {
        std::mt19937_64 rng(15);
        for (const int decimals : {2, 6, 0}) {
            PredictionSet p;
            for (int i = 0; i < 20'001; ++i) {
                p.labels.push_back(rng() % 3 == 0);
                double v = double(rng() >> 11) / double(uint64_t(1) << 53);
                if (decimals > 0) v = QByteArray::number(v, 'f', decimals).toDouble();
                p.scores.push_back(v);
            }
            const ThresholdSweep sweep = ThresholdSweep::compute(p.labels, p.scores);
            for (const int label : {0, 1}) {
                const ScoreSummary a = summarizeScores(p, label), b = summarizeScores(sweep, label);
                QCOMPARE(b.rows, a.rows);
                for (const auto &[x, y] : {std::pair{a.mean, b.mean}, std::pair{a.p10, b.p10},
                                           std::pair{a.p50, b.p50}, std::pair{a.p90, b.p90}})
                    QVERIFY2(std::bit_cast<uint64_t>(x) == std::bit_cast<uint64_t>(y),
                             qPrintable(QString::number(x, 'g', 17) + QStringLiteral(" vs ") +
                                        QString::number(y, 'g', 17)));
            }
        }
    }

    void stepOneDecomposesTheDelta()
    {
        const GateReport r = *fixtureGateReport();
        const DiagnosisEvidence e = diagnose(r);
        QVERIFY(e.comparison.paired);
        Money sum;
        for (const CellContribution &c : e.comparison.cells)
            sum += c.dollars;
        QCOMPARE(sum, e.comparison.delta);
        QCOMPARE(e.comparison.delta,
                 Money::fromUnits(900)); // tests/data/gate-cases/churn-classifier/expected.json
        QVERIFY(!e.comparison.intervalExcludesZero);
        const QString text = e.comparison.findings.join(QLatin1Char('\n'));
        QVERIFY2(text.contains(QLatin1String("Net benefit rose by $900")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("it includes zero")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("alone on 2 (p = 0.5)")), qPrintable(text));
    }

    void stepTwoFindsTheDataChanges()
    {
        const DataEvidence d = diagnose(*fixtureGateReport()).data;
        QVERIFY(d.sameTestSet);
        QCOMPARE(d.championEvalDigest, QStringLiteral("4b1e9c2d"));
        QCOMPARE(d.balances.size(), 4); // test and training data of both runs
        QCOMPARE(d.balances[1].context, QStringLiteral("training"));
        QCOMPARE(d.balances[1].positiveRate, 0.30);
        QStringList params;
        for (const MapChange &c : d.params)
            params << c.key + QLatin1Char(':') + toString(c.change);
        QCOMPARE(params, (QStringList{QStringLiteral("learning_rate:changed"),
                                      QStringLiteral("n_estimators:changed"),
                                      QStringLiteral("subsample:added")}));
        QCOMPARE(d.tags.size(), 1);
        QCOMPARE(d.datasets.size(), 1); // the training data's digest
        QVERIFY(d.dvcLock.diff);
        QCOMPARE(d.dvcLock.diff->changes.size(), 5);
        const QString text = d.findings.join(QLatin1Char('\n'));
        QVERIFY2(
            text.contains(QLatin1String("training positive rate moved +11.0 pp between the runs")),
            qPrintable(text));
        QVERIFY2(
            text.contains(QStringLiteral("candidate trained at 41.0%, tested at 37.4% (−3.6 pp)")),
            qPrintable(text));
        QVERIFY2(text.contains(QLatin1String(
                     "champion trained at 30.0%, tested at 37.4% (+7.4 pp, a notable shift)")),
                 qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("dvc.lock: 5 of 7 deps and outs differ")),
                 qPrintable(text));
    }

    void stepTwoWithoutMetadataSaysSo()
    {
        GateOptions options;
        options.now = fixedClock();
        const GateReport r = evaluateGate(
            loadLocalRun(dataPath(
                QStringLiteral("gate-cases/churn-classifier-split-mismatch/champion.csv"))),
            loadLocalRun(dataPath(
                QStringLiteral("gate-cases/churn-classifier-split-mismatch/candidate.csv"))),
            GatePolicy::defaults(), nullptr, options);
        const DiagnosisEvidence e = diagnose(r);
        QVERIFY(!e.comparison.paired);
        QVERIFY(!e.data.sameTestSet);
        QVERIFY(!e.data.dvcLock.diff);
        QCOMPARE(e.data.dvcLock.problem, QStringLiteral("neither run references a dvc.lock"));
        const QString text = e.data.findings.join(QLatin1Char('\n'));
        QVERIFY2(text.contains(QLatin1String("Different test sets")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("not recorded in either run's metadata")),
                 qPrintable(text));
        QVERIFY2(e.decideFindings.join(QLatin1Char(' '))
                     .contains(QLatin1String("Fix the data pipeline")),
                 qPrintable(e.decideFindings.join(QLatin1Char(' '))));
        // Step 3 does not compare models scored on different test sets (INVALID).
        QVERIFY(!e.model.comparable);
        QCOMPARE(e.model.findings.size(), 1);
        QVERIFY(e.model.findings.first().startsWith(QLatin1String("Not compared")));
        QVERIFY(!e.model.candidateWinsAtBest);
        QVERIFY(diagnosisTables(e, StepModel, QStringLiteral("USD")).isEmpty());
        QVERIFY(!e.decideFindings.join(QLatin1Char(' ')).contains(QLatin1String("Re-tune")));
    }

    void stepThreeComparesOptima()
    {
        const GateReport r = *fixtureGateReport();
        const ModelEvidence m = diagnose(r).model;
        QCOMPARE(m.championSensitivity.bestNetBenefit, Money::fromUnits(31100));
        QCOMPARE(m.candidateSensitivity.bestNetBenefit, Money::fromUnits(31200));
        QVERIFY(m.candidateWinsAtBest);
        QCOMPARE(m.confusionDelta[size_t(Cell::FN)], -1);
        QCOMPARE(m.championScores[1].rows + m.championScores[0].rows, 171);
        QVERIFY(m.candidateScores[1].mean > m.candidateScores[0].mean);
        QVERIFY(m.findings.join(QLatin1Char(' '))
                    .contains(QLatin1String("Would the candidate win at its best threshold? Yes")));
    }

    void stepFourOffersOnlyAllowedChoices()
    {
        const GateReport r = *fixtureGateReport();
        const DiagnosisEvidence e = diagnose(r);
        QCOMPARE(e.choices.contains(DecisionKind::PromoteCandidate),
                 r.result == GateResult::Promoted);
        QVERIFY(e.choices.contains(DecisionKind::FastTrackReview));
        QCOMPARE(&e.findings(StepDecide), &e.decideFindings);
    }
};

QTEST_GUILESS_MAIN(TestDiagnosis)
#include "test_diagnosis.moc"

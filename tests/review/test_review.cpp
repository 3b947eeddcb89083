// openReview(): the one pipeline behind `gate`, `report`, the GUI loader and the bench. It must
// give exactly what the pieces it joins give, warn when a run logged other cost values than the
// policy's, join canary data as layer 4, and record what each source resolved to.
#include "testhelpers.h"

#include "canaryimport.h"
#include "canarypolicy.h"
#include "gate/gateevaluator.h"
#include "io/runloader.h"
#include "metrics/pairedcomparison.h"
#include "model/errors.h"
#include "model/taskcontrol.h"
#include "review/costcheck.h"
#include "review/openreview.h"
#include "review/runsource.h"
#include "session/reviewsession.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace gr;

namespace {

QString casePath(const QString &name, const QString &file)
{
    return test::dataPath(QStringLiteral("gate-cases/%1/%2").arg(name, file));
}

QString referencePolicy()
{
    return test::dataPath(QStringLiteral("reference/policy.yaml"));
}

QString sha256Of(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QString::fromLatin1(
        QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex());
}

// A run folder: the case's champion predictions and a run.yaml with `params`.
QString runFolder(const QTemporaryDir &dir, const QString &name, const QByteArray &params)
{
    QDir(dir.path()).mkpath(name);
    const QString folder = dir.filePath(name);
    QFile::copy(casePath(QStringLiteral("churn-classifier"), QStringLiteral("champion.csv")),
                folder + QStringLiteral("/predictions.csv"));
    QFile yaml(folder + QStringLiteral("/run.yaml"));
    if (!yaml.open(QIODevice::WriteOnly)) return {};
    yaml.write("display_name: " + name.toUtf8() + "\nparams:\n" + params);
    return folder;
}

} // namespace

class TestReview : public QObject
{
    Q_OBJECT

private slots:
    void matchesTheGateItWraps_data()
    {
        QTest::addColumn<QString>("name");
        for (const char *c :
             {"churn-classifier", "churn-classifier-regression", "churn-classifier-split-mismatch"})
            QTest::newRow(c) << QString::fromLatin1(c);
    }

    void matchesTheGateItWraps()
    {
        QFETCH(QString, name);
        const QString champion = casePath(name, QStringLiteral("champion.csv"));
        const QString candidate = casePath(name, QStringLiteral("candidate.csv"));
        const Review review =
            openReview(ReviewRequest{champion, candidate, referencePolicy(), QString()});
        const GateReport direct = evaluateGate(loadLocalRun(champion), loadLocalRun(candidate),
                                               loadGatePolicy(referencePolicy()));
        QVERIFY(review.isOpen());
        QCOMPARE(toString(review.report->result), toString(direct.result));
        QCOMPARE(review.report->reasons, direct.reasons);
        QCOMPARE(review.report->candidate.metrics.netBenefit, direct.candidate.metrics.netBenefit);
        QCOMPARE(review.report->testSet.identical, direct.testSet.identical);
        if (direct.comparison)
            QCOMPARE(review.report->comparison->netBenefitDelta,
                     direct.comparison->netBenefitDelta);
        // A fresh review: nothing but what was computed.
        QVERIFY(review.notes.isEmpty());
        QVERIFY(!review.decision);
        QVERIFY(!review.canary);
        QVERIFY(review.warnings.isEmpty());
        // What each source resolved to: the file read and the SHA-256 of its bytes.
        QCOMPARE(review.championIdentity.file, QFileInfo(champion).absoluteFilePath());
        QCOMPARE(review.championIdentity.sha256, sha256Of(champion));
        QCOMPARE(review.candidateIdentity.sha256, sha256Of(candidate));
    }

    void thresholdOverridesAndProgressControlsAreHonoured()
    {
        const QString name = QStringLiteral("churn-classifier");
        ReviewRequest request{casePath(name, QStringLiteral("champion.csv")),
                              casePath(name, QStringLiteral("candidate.csv")), referencePolicy(),
                              QString()};
        request.candidateOptions.thresholdOverride = 0.3;
        TaskControl reading, gate;
        OpenReviewOptions options;
        options.reading = &reading;
        options.gateControl = &gate;
        options.diagnose = true;
        const Review review = openReview(request, options);
        QCOMPARE(review.report->candidate.metrics.threshold, 0.3);
        QCOMPARE(toString(review.report->candidate.run->thresholdSource),
                 toString(ThresholdSource::Override));
        QCOMPARE(reading.progress(), 1.0);
        QVERIFY(review.evidence.diagnosis);
    }

    void aFailedOpenNamesTheFile()
    {
        QTemporaryDir dir;
        const QString bad = test::writeFile(dir, QStringLiteral("broken.csv"),
                                            "row_id,y_true,y_score\n1,0,0.2\n2,1,not-a-score\n");
        const QString good =
            casePath(QStringLiteral("churn-classifier"), QStringLiteral("champion.csv"));
        try {
            openReview(ReviewRequest{good, bad, referencePolicy(), QString()});
            QFAIL("a malformed file must not open");
        } catch (const InputError &e) {
            QVERIFY2(e.message().contains(bad + QStringLiteral(":3")), qPrintable(e.message()));
        }
    }

    void runLoggedCostsDifferingFromThePolicyWarn()
    {
        QTemporaryDir dir;
        const QString differs = runFolder(dir, QStringLiteral("differs"),
                                          "  cost.tp_usd: \"400.0\"\n  cost.fp_usd: \"-100\"\n");
        const QString agrees = runFolder(dir, QStringLiteral("agrees"),
                                         "  cost.tp_usd: \"500\"\n  cost.fn_usd: \"-300.0\"\n");
        const GatePolicy policy = loadGatePolicy(referencePolicy());
        QCOMPARE(policy.values.tp,
                 Money::fromUnits(500)); // the reference policy this test is written against

        const Review review = openReview(ReviewRequest{agrees, differs, referencePolicy(), {}});
        QCOMPARE(review.warnings.size(), 1);
        const QString warning = review.warnings.first();
        QVERIFY2(warning.contains(QStringLiteral("candidate")), qPrintable(warning));
        QVERIFY2(warning.contains(QStringLiteral("cost.tp_usd")), qPrintable(warning));
        QVERIFY2(warning.contains(formatMoney(400)), qPrintable(warning));
        QVERIFY2(warning.contains(formatMoney(500)), qPrintable(warning));
        QVERIFY2(warning.contains(referencePolicy()), qPrintable(warning));

        RunMetadata notANumber;
        notANumber.params.insert(QStringLiteral("cost.fn_usd"), QStringLiteral("three hundred"));
        const QStringList odd = costParamWarnings(notANumber, policy, QStringLiteral("champion"));
        QCOMPARE(odd.size(), 1);
        QVERIFY(odd.first().contains(QStringLiteral("not a number")));
    }

    void canaryDataJoinsAsLayerFour()
    {
        const QDir scenario(test::dataPath(QStringLiteral("canary/error-spike")));
        QStringList files;
        for (const QJsonValue &f :
             test::readJson(scenario.filePath(QStringLiteral("expected.json")))
                 .value(QStringLiteral("data"))
                 .toArray())
            files << scenario.filePath(f.toString());
        const QString name = QStringLiteral("churn-classifier");
        ReviewRequest request{casePath(name, QStringLiteral("champion.csv")),
                              casePath(name, QStringLiteral("candidate.csv")), referencePolicy(),
                              QString()};
        request.canaryPolicy = scenario.filePath(QStringLiteral("policy.yaml"));
        request.canaryData = files;
        const Review review = openReview(request);
        QVERIFY(review.canary);
        const CanaryPolicy canaryPolicy = loadCanaryPolicy(request.canaryPolicy);
        const CanaryResult direct =
            evaluateCanary(loadCanaryFiles(files, canaryPolicy.labels), canaryPolicy);
        QCOMPARE(toString(review.canary->verdict), toString(direct.verdict));
        QCOMPARE(toString(review.report->layer(4).result),
                 toString(canaryLayerOutcome(direct).result));
        QCOMPARE(review.report->layer(4).summary, canaryLayerOutcome(direct).summary);
        // Layer 4 never changes the verdict of layers 1-3.
        const Review without = openReview(
            ReviewRequest{request.champion, request.candidate, referencePolicy(), QString()});
        QCOMPARE(toString(review.report->result), toString(without.report->result));
        QCOMPARE(toString(without.report->layer(4).result), toString(LayerResult::NotRun));
    }

    // Item 9: an MLflow run folder, or a file in its artifacts/, is read as that MLflow run.
    void mlflowRunFoldersKeepTheirRun()
    {
        const QString root = test::dataPath(QStringLiteral("mlflow-2.10.2/mlruns"));
        const QString runId = QStringLiteral("55d1a94d223844a293f916d25d8dd023");
        const QString folder = QStringLiteral("%1/282732226586661371/%2").arg(root, runId);
        const auto found = findMlflowRunFolder(folder);
        QVERIFY(found);
        QCOMPARE(found->runId, runId);
        QCOMPARE(found->storeRoot, QDir(root).absolutePath());
        QVERIFY(found->artifactPath.isEmpty());
        const QString artifact = folder + QStringLiteral("/artifacts/predictions.csv");
        QCOMPARE(findMlflowRunFolder(artifact)->artifactPath, QStringLiteral("predictions.csv"));
        QVERIFY(!findMlflowRunFolder(
            casePath(QStringLiteral("churn-classifier"), QStringLiteral("champion.csv"))));

        for (const QString &source : {folder, artifact}) {
            const auto run = loadRun(source);
            QCOMPARE(run->meta.runId, runId);
            QCOMPARE(run->meta.params.value(QStringLiteral("cost.tp_usd")),
                     QStringLiteral("500.0"));
            QCOMPARE(toString(run->thresholdSource),
                     toString(ThresholdSource::Metadata)); // its param
            QVERIFY(run->label() != QStringLiteral("predictions.csv"));
            // The same rows as the artifact read as a bare file.
            QCOMPARE(run->predictions.fingerprint, loadLocalRun(artifact)->predictions.fingerprint);
        }
    }

    // Item 11: a tag holding a whole document is cut in the evidence, saying how long it was.
    void longTagValuesAreCut()
    {
        QTemporaryDir dir;
        const QByteArray history = "'[" + QByteArray(600, 'x') + "]'";
        const QString a = runFolder(dir, QStringLiteral("a"), "  seed: \"1\"\n");
        const QString b = runFolder(dir, QStringLiteral("b"), "  seed: \"2\"\n");
        QFile yaml(b + QStringLiteral("/run.yaml"));
        QVERIFY(yaml.open(QIODevice::Append));
        yaml.write("tags:\n  mlflow.log-model.history: " + history + "\n");
        yaml.close();
        const Review review = openReview(ReviewRequest{a, b, referencePolicy(), QString()},
                                         OpenReviewOptions{{}, nullptr, nullptr, true});
        QVERIFY(review.evidence.diagnosis);
        const QList<MapChange> &tags = review.evidence.diagnosis->data.tags;
        QCOMPARE(tags.size(), 1);
        QVERIFY2(tags.first().candidateValue.size() < 200, qPrintable(tags.first().candidateValue));
        QVERIFY2(tags.first().candidateValue.endsWith(QStringLiteral("(602 characters in all)")),
                 qPrintable(tags.first().candidateValue));
    }

    void pValuesNeverReadAsZero()
    {
        QCOMPARE(formatPValue(0.5), QStringLiteral("0.5"));
        QCOMPARE(formatPValue(1.234567e-12), QStringLiteral("1.235e-12"));
        QCOMPARE(formatPValue(0.0), QStringLiteral("< 1e-300")); // underflow
    }

    void sessionsKeepWhatEachSourceResolvedTo()
    {
        SourceIdentity saved;
        saved.source = QStringLiteral("models:/churn@champion");
        saved.modelName = QStringLiteral("churn");
        saved.modelVersion = QStringLiteral("2");
        saved.alias = QStringLiteral("champion");
        saved.runId = QStringLiteral("aaa");
        saved.file = QStringLiteral("/store/aaa/artifacts/predictions.csv");
        saved.sha256 = QStringLiteral("ab").repeated(32);

        ReviewSession session;
        session.champion = saved.source;
        session.candidate = QStringLiteral("models:/churn@candidate");
        session.championIdentity = saved;
        session.canaryData = {QStringLiteral("/data/canary.csv")};
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("r.gatereview"));
        saveReviewSession(session, path);
        QCOMPARE(loadReviewSession(path), session);

        QVERIFY(identityChanges(saved, saved, QStringLiteral("champion")).isEmpty());
        SourceIdentity moved = saved;
        moved.modelVersion = QStringLiteral("3");
        moved.runId = QStringLiteral("bbb");
        const QStringList changes = identityChanges(saved, moved, QStringLiteral("champion"));
        QCOMPARE(changes.size(), 1);
        QVERIFY2(changes.first().contains(QStringLiteral("@champion")) &&
                     changes.first().contains(QStringLiteral("version 2, run aaa")) &&
                     changes.first().contains(QStringLiteral("version 3, run bbb")),
                 qPrintable(changes.first()));
        SourceIdentity edited = saved;
        edited.sha256 = QStringLiteral("cd").repeated(32);
        QVERIFY(identityChanges(saved, edited, QStringLiteral("champion"))
                    .first()
                    .contains(QStringLiteral("predictions changed")));
    }
};

QTEST_GUILESS_MAIN(TestReview)
#include "test_review.moc"

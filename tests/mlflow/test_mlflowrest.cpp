// The tracking-server reader against a replay of a real MLflow 2.10.2 server (rest/INDEX.tsv):
// the gate from models:/NAME@ALIAS matches the reference, the registry browses, MLflow's 400/404
// and HTML 500 errors reach the user, a silent server times out, a closed port is reported, the
// token or basic credentials are sent, and the alias write-back posts what MLflow expects.
#include "mlflowtesthelpers.h"
#include "replayserver.h"

#include "gate/gateevaluator.h"
#include "gate/gatepolicy.h"
#include "io/chunkedfile.h"
#include "mlflow/mlflowhttp.h"
#include "mlflow/mlflowrunloader.h"
#include "mlflow/reststore.h"
#include "model/errors.h"
#include "review/runsource.h"

using namespace gr;

namespace {

QString errorOf(const std::function<void()> &f)
{
    try {
        f();
    } catch (const InputError &e) {
        return e.message();
    }
    return QStringLiteral("(no error)");
}

QByteArray recorded(const QString &file)
{
    QFile f(test::mlflowFixture(QStringLiteral("rest/") + file));
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(file));
    return f.readAll();
}

} // namespace

class TestMlflowRest : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_server =
            std::make_unique<test::ReplayServer>(test::mlflowFixture(QStringLiteral("rest")));
    }
    void cleanup()
    {
        QVERIFY2(m_server->unmatched().isEmpty(), m_server->unmatched().join('\n').constData());
        m_server.reset();
    }

    void gateFromTheServerMatchesReference_data()
    {
        QTest::addColumn<QString>("model");
        for (const QString &m : test::mlflowModels())
            QTest::newRow(qPrintable(m)) << m;
    }

    void gateFromTheServerMatchesReference()
    {
        QFETCH(QString, model);
        QVERIFY(m_server->recordedResponses() >= 60);
        RunSourceOptions options;
        options.trackingUri = m_server->url();
        const auto champion = loadRun(QStringLiteral("models:/%1@champion").arg(model), options);
        const auto candidate = loadRun(QStringLiteral("models:/%1@candidate").arg(model), options);
        QCOMPARE(champion->meta.origin, QStringLiteral("MLflow tracking server"));
        QCOMPARE(
            champion->predictions.fileSha256,
            gr::sha256Hex(
                recorded(model + QStringLiteral(".champion.get-artifact.predictions.csv"))
                    .constData(),
                size_t(recorded(model + QStringLiteral(".champion.get-artifact.predictions.csv"))
                           .size())));
        QCOMPARE(champion->meta.datasets.size(), 2);
        QVERIFY(!champion->meta.datasetDigest.isEmpty());
        QCOMPARE(champion->meta.metrics.value(QStringLiteral("cv_roc_auc")),
                 0.9972413793103448); // latest step
        const GatePolicy policy =
            loadGatePolicy(test::dataPath(QStringLiteral("reference/policy.yaml")));
        const GateReport report = evaluateGate(champion, candidate, policy);
        test::checkAgainstReference(report, model);
        if (model.endsWith(QLatin1String("split-mismatch")))
            QVERIFY(report.reasons.join(QLatin1Char(' '))
                        .contains(QStringLiteral("different eval data sets")));
    }

    void browsesTheRegistry()
    {
        RestStore store(m_server->url(), {});
        const QList<MlflowRegisteredModel> models = store.registeredModels();
        QCOMPARE(models.size(), 3);
        QCOMPARE(models.first().name, QStringLiteral("churn-classifier"));
        QCOMPARE(models.first().aliases.value(QStringLiteral("candidate")), QStringLiteral("2"));
        const QList<MlflowModelVersion> versions =
            store.modelVersions(QStringLiteral("churn-classifier"));
        QCOMPARE(versions.size(), 2);
        QCOMPARE(versions.first().version, QStringLiteral("1"));
        QCOMPARE(versions.first().aliases, QStringList{QStringLiteral("champion")});
        QCOMPARE(store.modelVersion(QStringLiteral("churn-classifier"), QStringLiteral("2")).runId,
                 QStringLiteral("33996df3941f4bf493637f0f5d6537f3"));
    }

    void artifactsByteForByte()
    {
        RestStore store(m_server->url(), {});
        QTemporaryDir scratch;
        MlflowRunRecord run = store.run(QStringLiteral("bd44c021c22c4a2b95480959ac642797"));
        QFile direct(
            store.fetchArtifact(run, QStringLiteral("predictions.csv"), scratch.path()).localPath);
        QVERIFY(direct.open(QIODevice::ReadOnly));
        QCOMPARE(direct.readAll(), recorded(QStringLiteral(
                                       "churn-classifier.champion.get-artifact.predictions.csv")));
        QFile model(
            store.fetchArtifact(run, QStringLiteral("model/MLmodel"), scratch.path()).localPath);
        QVERIFY(model.open(QIODevice::ReadOnly));
        QCOMPARE(model.readAll(),
                 recorded(QStringLiteral("churn-classifier.champion.get-artifact.MLmodel.yaml")));

        // A server started with --serve-artifacts records mlflow-artifacts:/ URIs: /get-artifact
        // is still preferred (one response with a Content-Length); the proxy is the fallback,
        // or the route on request.
        run.artifactUri = QStringLiteral(
            "mlflow-artifacts:/churn-quality-gate/bd44c021c22c4a2b95480959ac642797/artifacts");
        store.fetchArtifact(run, QStringLiteral("predictions.csv"), scratch.path());
        QVERIFY(m_server->requests().last().target.startsWith("/get-artifact?"));
        qputenv("GATEREVIEW_MLFLOW_ARTIFACT_ROUTE", "proxy");
        QFile proxied(
            store.fetchArtifact(run, QStringLiteral("predictions.csv"), scratch.path()).localPath);
        qunsetenv("GATEREVIEW_MLFLOW_ARTIFACT_ROUTE");
        QVERIFY(proxied.open(QIODevice::ReadOnly));
        QCOMPARE(
            proxied.readAll(),
            recorded(QStringLiteral("churn-classifier.champion.mlflow-artifacts.predictions.csv")));
        QVERIFY(m_server->requests().last().target.startsWith(
            "/api/2.0/mlflow-artifacts/artifacts/churn-quality-gate/"));
        QVERIFY(errorOf([&] {
                    store.fetchArtifact(run, QStringLiteral("../../etc/passwd"), scratch.path());
                }).contains(QStringLiteral("'..' is not allowed")));
    }

    void mlflowErrorsReachTheUser()
    {
        RestStore store(m_server->url(), {});
        QString e = errorOf([&] {
            store.versionForAlias(QStringLiteral("churn-classifier"),
                                  QStringLiteral("does-not-exist"));
        });
        QVERIFY2(e.contains(QStringLiteral("HTTP 400: INVALID_PARAMETER_VALUE: Registered model "
                                           "alias does-not-exist not found.")),
                 qPrintable(e));
        QVERIFY2(e.contains(QStringLiteral("registered-models/alias")),
                 qPrintable(e)); // names the URL
        e = errorOf([&] { store.modelVersions(QStringLiteral("no-such-model")); });
        QVERIFY2(e.contains(QStringLiteral("HTTP 404: RESOURCE_DOES_NOT_EXIST: Registered Model "
                                           "with name=no-such-model not found")),
                 qPrintable(e));
        e = errorOf([&] { store.run(QStringLiteral("00000000000000000000000000000000")); });
        QVERIFY2(e.contains(QStringLiteral("HTTP 404: RESOURCE_DOES_NOT_EXIST: Run with "
                                           "id=00000000000000000000000000000000 not found")),
                 qPrintable(e));
        QTemporaryDir scratch;
        const MlflowRunRecord run = store.run(QStringLiteral("bd44c021c22c4a2b95480959ac642797"));
        e = errorOf([&] { store.fetchArtifact(run, QStringLiteral("nope.csv"), scratch.path()); });
        // The server's 500 page for a missing file is replaced by what the run does hold (the
        // server's own text can carry its file paths).
        QVERIFY2(e.contains(QStringLiteral("the run has no artifact 'nope.csv' (HTTP 500); it "
                                           "holds: ")) &&
                     e.contains(QStringLiteral("predictions.csv")) &&
                     e.contains(QStringLiteral("model/MLmodel")),
                 qPrintable(e));
        QVERIFY2(!e.contains(QLatin1Char('<')), qPrintable(e)); // no HTML markup in the message

        // Through the run loader too: the alias that does not exist names the address's model.
        RunSourceOptions options;
        options.trackingUri = m_server->url();
        e = errorOf(
            [&] { loadRun(QStringLiteral("models:/churn-classifier@does-not-exist"), options); });
        QVERIFY2(e.contains(QStringLiteral("does-not-exist not found")), qPrintable(e));
    }

    void slowServerTimesOut()
    {
        TrackingConnection connection;
        connection.timeoutMs = 300;
        MlflowHttp http(m_server->url(), connection);
        QElapsedTimer clock;
        clock.start();
        const QString e =
            errorOf([&] { http.get(QStringLiteral("/slow/api/2.0/mlflow/runs/get")); });
        QVERIFY2(e.contains(QStringLiteral("sent nothing for 0.3 s")), qPrintable(e));
        QVERIFY(clock.elapsed() < 5000);
        QCOMPARE(m_server->requests().size(), 1);
    }

    void refusedConnection()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        RestStore store(QStringLiteral("http://127.0.0.1:%1").arg(port), {});
        const QString e = errorOf([&] { store.registeredModels(); });
        QVERIFY2(e.contains(QStringLiteral("connection refused")) &&
                     e.contains(QString::number(port)),
                 qPrintable(e));
    }

    void credentialsAreSent()
    {
        TrackingConnection token;
        token.token = QStringLiteral("s3cret");
        RestStore(m_server->url(), token).registeredModels();
        QCOMPARE(m_server->requests().last().authorization, QByteArray("Bearer s3cret"));

        qputenv("MLFLOW_TRACKING_USERNAME", "alice");
        qputenv("MLFLOW_TRACKING_PASSWORD", "pw");
        RestStore(m_server->url(), {}).registeredModels();
        qunsetenv("MLFLOW_TRACKING_USERNAME");
        qunsetenv("MLFLOW_TRACKING_PASSWORD");
        QCOMPARE(m_server->requests().last().authorization,
                 "Basic " + QByteArray("alice:pw").toBase64());
    }

    void aliasWriteBackPosts()
    {
        RestStore(m_server->url(), {})
            .setAlias(QStringLiteral("churn-classifier"), QStringLiteral("champion"),
                      QStringLiteral("2"));
        const auto &r = m_server->requests().last();
        QCOMPARE(r.method, QByteArray("POST"));
        QCOMPARE(r.target, QByteArray("/api/2.0/mlflow/registered-models/alias"));
        const QJsonObject body = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(body.value(QStringLiteral("name")).toString(), QStringLiteral("churn-classifier"));
        QCOMPARE(body.value(QStringLiteral("alias")).toString(), QStringLiteral("champion"));
        QCOMPARE(body.value(QStringLiteral("version")).toString(), QStringLiteral("2"));
    }

private:
    std::unique_ptr<test::ReplayServer> m_server;
};

QTEST_GUILESS_MAIN(TestMlflowRest)
#include "test_mlflowrest.moc"

// Hostile servers and stores (issue 17 items 1, 2, 3, 7-REST) and secrets in URIs (issue 11
// item 5), on loopback only:
// - a redirect to another port never receives the token or basic credentials; same-origin
//   redirects still work;
// - a slow drip that keeps sending finishes under an inactivity limit shorter than the transfer;
//   a stall fails naming the limit; oversized answers are refused; downloads stream to disk;
// - a server-chosen run id cannot steer a file name; scratch names are hashes;
// - a store whose artifact_uri points outside it (file:///etc, ../../etc, a symlinked folder)
//   is refused, naming store and path, without printing the file;
// - every command run with user:password in the tracking URI prints, reports and logs no trace
//   of the password.
#include "hostileserver.h"
#include "mlflowtesthelpers.h"
#include "replayserver.h"

#include "cli/command.h"
#include "clitesthelpers.h"
#include "mlflow/mlflowhttp.h"
#include "mlflow/mlflowrunloader.h"
#include "mlflow/reststore.h"
#include "model/errors.h"
#include "model/redaction.h"

#include <csignal>
#include <QElapsedTimer>
#include <QProcess>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>
#include <unistd.h>

using namespace gr;
using test::HostileServer;
using test::runCli;

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

TrackingConnection withToken(int timeoutMs = 5000)
{
    TrackingConnection c;
    c.token = QStringLiteral("T0KEN-never-elsewhere");
    c.timeoutMs = timeoutMs;
    return c;
}

void sql(const QString &db, const QString &statement)
{
    {
        QSqlDatabase c = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("x"));
        c.setDatabaseName(db);
        QVERIFY(c.open());
        QSqlQuery q(c);
        QVERIFY(q.exec(statement));
        c.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("x"));
}

const QString kChampionRun = QStringLiteral("bd44c021c22c4a2b95480959ac642797");

} // namespace

class TestMlflowHostile : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        qunsetenv("MLFLOW_TRACKING_TOKEN");
        qunsetenv("MLFLOW_TRACKING_USERNAME");
        qunsetenv("MLFLOW_TRACKING_PASSWORD");
        qunsetenv("MLFLOW_HTTP_REQUEST_TIMEOUT");
        qunsetenv("GATEREVIEW_MAX_RESPONSE_MB");
    }

    // Issue 17 item 1.
    void crossOriginRedirectIsRefused()
    {
        HostileServer other([](QTcpSocket *s, const HostileServer::Request &) {
            HostileServer::answer(s, 200, R"({"registered_models": []})");
        });
        HostileServer tracking([&](QTcpSocket *s, const HostileServer::Request &r) {
            HostileServer::answer(s, 302, {},
                                  "Location: " + other.url().toUtf8() + r.target + "\r\n");
        });
        for (const bool basic : {false, true}) {
            TrackingConnection c = withToken();
            if (basic) {
                c.token.clear();
                c.username = QStringLiteral("u");
                c.password = QStringLiteral("pw-never-elsewhere");
            }
            RestStore store(tracking.url(), c);
            const QString error = errorOf([&] { store.registeredModels(); });
            QVERIFY2(error.contains(QStringLiteral("redirected to http://127.0.0.1:%1, another "
                                                   "origin; refusing to follow it")
                                        .arg(other.port())) &&
                         error.contains(QStringLiteral("http://127.0.0.1:%1").arg(tracking.port())),
                     qPrintable(error));
            QVERIFY(!error.contains(QStringLiteral("never-elsewhere")));
        }
        QCOMPARE(other.requests().size(), 0); // nothing, let alone a credential, reached it
        QVERIFY(tracking.requests().first().authorization.startsWith("Bearer "));
    }

    void sameOriginRedirectIsFollowedWithCredentials()
    {
        HostileServer tracking([](QTcpSocket *s, const HostileServer::Request &r) {
            if (r.target.startsWith("/moved"))
                HostileServer::answer(s, 200, R"({"registered_models": [{"name": "m"}]})");
            else
                HostileServer::answer(s, 307, {}, "Location: /moved" + r.target + "\r\n");
        });
        RestStore store(tracking.url(), withToken());
        QCOMPARE(store.registeredModels().size(), 1);
        QCOMPARE(tracking.requests().size(), 2);
        QCOMPARE(tracking.requests().last().authorization,
                 QByteArray("Bearer T0KEN-never-elsewhere"));
    }

    // Issue 11 item 6 / 17 item 7: an inactivity limit, not a whole-transfer limit.
    void slowDripFinishesStallFails()
    {
        const int bytes = 12;
        HostileServer drip([&](QTcpSocket *s, const HostileServer::Request &r) {
            s->write("HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(bytes) +
                     "\r\nConnection: close\r\n\r\n");
            const bool stall = r.target.contains("stall");
            auto *timer = new QTimer(s);
            auto sent = std::make_shared<int>(0);
            QObject::connect(timer, &QTimer::timeout, s, [=] {
                if (stall && *sent == 3) return; // then nothing, forever
                s->write("x");
                if (++*sent == bytes) {
                    timer->stop();
                    s->disconnectFromHost();
                }
            });
            timer->start(250);
        });
        // A byte every 250 ms against a 1.5 s inactivity limit: the whole transfer (3 s) outlasts
        // the limit, while a loaded machine's scheduling gaps stay well inside it.
        MlflowHttp http(drip.url(), withToken(1500));
        QBuffer sink;
        sink.open(QIODevice::WriteOnly);
        QElapsedTimer clock;
        clock.start();
        qint64 received = 0;
        try { // an exception inside QCOMPARE would abort the whole test executable
            received = http.download(QStringLiteral("/drip"), {}, &sink);
        } catch (const InputError &e) {
            QFAIL(qPrintable(e.message()));
        }
        QCOMPARE(received, qint64(bytes));
        QVERIFY2(clock.elapsed() > 1500, "the transfer outlasted the limit and still finished");
        QCOMPARE(sink.data(), QByteArray(bytes, 'x'));
        QBuffer stalled;
        stalled.open(QIODevice::WriteOnly);
        const QString error =
            errorOf([&] { http.download(QStringLiteral("/stall"), {}, &stalled); });
        QVERIFY2(error.contains(QStringLiteral("sent nothing for 1.5 s")) &&
                     error.contains(QStringLiteral("MLFLOW_HTTP_REQUEST_TIMEOUT")),
                 qPrintable(error));
    }

    // The GUI's progress and cancel: the observer sees the bytes, and returning false aborts.
    void downloadReportsProgressAndCancels()
    {
        HostileServer server([](QTcpSocket *s, const HostileServer::Request &) {
            s->write("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n");
            auto *timer = new QTimer(s);
            QObject::connect(timer, &QTimer::timeout, s,
                             [s] { s->write(QByteArray(64 * 1024, 'x')); });
            timer->start(5);
        });
        MlflowHttp http(server.url(), withToken());
        QList<qint64> seen;
        http.setTransferObserver([&](qint64 received, qint64 total) {
            seen << received;
            return total == 100000000 && received < 1000000;
        });
        QTemporaryFile file;
        QVERIFY(file.open());
        bool cancelled = false;
        try {
            http.download(QStringLiteral("/big"), {}, &file);
        } catch (const Cancelled &) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        QVERIFY(seen.size() >= 2 && seen.last() >= 1000000 && seen.last() < 100000000);
    }

    void timeoutFromMlflowVariable()
    {
        qputenv("MLFLOW_HTTP_REQUEST_TIMEOUT", "0.3");
        HostileServer silent([](QTcpSocket *, const HostileServer::Request &) {});
        const QString error = errorOf(
            [&] { MlflowHttp(silent.url(), TrackingConnection()).get(QStringLiteral("/x")); });
        QVERIFY2(error.contains(QStringLiteral("sent nothing for 0.3 s")), qPrintable(error));
    }

    void oversizedAnswersAreRefused()
    {
        const QByteArray big(3 * 1024 * 1024, 'a');
        HostileServer server([&](QTcpSocket *s, const HostileServer::Request &r) {
            if (r.target.contains("announced")) {
                s->write("HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n");
                return; // announces 1 GiB: refused before a byte of it is read
            }
            // No Content-Length: the cap must hold while the body flows.
            s->write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + big);
            s->disconnectFromHost();
        });
        TrackingConnection c = withToken();
        c.maxResponseBytes = 1024 * 1024;
        c.maxArtifactBytes = 2 * 1024 * 1024;
        MlflowHttp http(server.url(), c);
        QString error = errorOf([&] { http.get(QStringLiteral("/announced")); });
        QVERIFY2(error.contains(QStringLiteral("larger than the limit of 1 MiB (it announced "
                                               "1073741824 bytes)")) &&
                     error.contains(QStringLiteral("GATEREVIEW_MAX_RESPONSE_MB")),
                 qPrintable(error));
        error = errorOf([&] { http.get(QStringLiteral("/streamed")); });
        QVERIFY2(error.contains(QStringLiteral("larger than the limit of 1 MiB")),
                 qPrintable(error));
        QTemporaryFile file;
        QVERIFY(file.open());
        error = errorOf([&] { http.download(QStringLiteral("/streamed"), {}, &file); });
        QVERIFY2(error.contains(QStringLiteral("GATEREVIEW_MAX_ARTIFACT_MB")), qPrintable(error));
        // Under the cap, the same body streams to the file whole.
        c.maxArtifactBytes = 8 * 1024 * 1024;
        QTemporaryFile whole;
        QVERIFY(whole.open());
        QCOMPARE(MlflowHttp(server.url(), c).download(QStringLiteral("/streamed"), {}, &whole),
                 qint64(big.size()));
        QCOMPARE(whole.size(), qint64(big.size()));
    }

    // Issue 17 item 2: a run id from the server cannot steer where the download is written.
    void injectedRunIdIsRefused()
    {
        HostileServer server([](QTcpSocket *s, const HostileServer::Request &r) {
            if (r.target.contains("registered-models/alias"))
                HostileServer::answer(s, 200,
                                      R"({"model_version": {"name": "m", "version": "1",
                                          "run_id": "../../../../x/pwned"}})");
            else
                HostileServer::answer(s, 200, "row_id,y_true,y_score\n1,1,0.9\n", {}, "text/csv");
        });
        QTemporaryDir tmp;
        const QString cwd = QDir::currentPath();
        QDir::setCurrent(tmp.path());
        RunSourceOptions options;
        options.trackingUri = server.url();
        const QString error =
            errorOf([&] { loadMlflowRun(QStringLiteral("models:/m@champion"), options); });
        QDir::setCurrent(cwd);
        QVERIFY2(error.contains(QStringLiteral("'../../../../x/pwned' is not an MLflow run id")),
                 qPrintable(error));
        QCOMPARE(server.requests().size(), 1); // nothing was fetched with it
        QVERIFY(QDir(tmp.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());
        const QString name =
            scratchFileName(QStringLiteral("../../x"), QStringLiteral("a/b.csv.gz"));
        QVERIFY2(!name.contains(QLatin1Char('/')) && !name.contains(QStringLiteral("..")) &&
                     name.endsWith(QStringLiteral(".csv.gz")),
                 qPrintable(name));
    }

    // Issue 17 item 3: the artifact folder must be inside the store after resolving links.
    void storeCannotPointOutsideItself_data()
    {
        QTest::addColumn<QString>("artifactUri");
        QTest::addColumn<bool>("symlink");
        QTest::newRow("file:///etc") << QStringLiteral("file:///etc") << false;
        QTest::newRow("/etc") << QStringLiteral("/etc") << false;
        QTest::newRow("../../../../etc") << QStringLiteral("../../../../../../../../etc") << false;
        QTest::newRow("symlinked artifacts folder") << QString() << true;
    }

    void storeCannotPointOutsideItself()
    {
        QFETCH(QString, artifactUri);
        QFETCH(bool, symlink);
        QTemporaryDir tmp;
        test::copyTree(test::mlflowFixture(), tmp.path());
        const QString db = tmp.filePath(QStringLiteral("mlflow.db"));
        if (symlink) {
            const QString folder = tmp.filePath(
                QStringLiteral("artifacts/churn-quality-gate/%1/artifacts").arg(kChampionRun));
            QVERIFY(QDir(folder).removeRecursively());
            QVERIFY(QFile::link(QStringLiteral("/etc"), folder));
        } else {
            sql(db, QStringLiteral("UPDATE runs SET artifact_uri = '%1' WHERE run_uuid = '%2'")
                        .arg(artifactUri, kChampionRun));
        }
        const test::CliResult r =
            runCli({QStringLiteral("mlflow"), QStringLiteral("show"),
                    QStringLiteral("runs:/") + kChampionRun, QStringLiteral("--artifact-path"),
                    QStringLiteral("passwd"), QStringLiteral("--tracking-uri"), db});
        QCOMPARE(r.code, int(cli::ExitUsage));
        QVERIFY2(r.err.contains(QStringLiteral("outside the store")), qPrintable(r.err));
        QVERIFY2(r.err.contains(tmp.path()), qPrintable(r.err)); // names the store
        QVERIFY(!r.err.contains(QStringLiteral("root:")) &&
                !r.out.contains(QStringLiteral("root:")));
    }

    // https:// against a plain-HTTP port that waits for a request line fails fast.
    void httpsAgainstPlainHttpFailsFast()
    {
        HostileServer plain([](QTcpSocket *, const HostileServer::Request &) {});
        QString url = plain.url();
        url.replace(QStringLiteral("http://"), QStringLiteral("HTTPS://"));
        QElapsedTimer clock;
        clock.start();
        const QString error =
            errorOf([&] { openTrackingStore(url, withToken(30000))->registeredModels(); });
        QVERIFY2(clock.elapsed() < 10000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY2(error.contains(QStringLiteral("no TLS handshake")) ||
                     error.contains(QStringLiteral("TLS handshake failed")),
                 qPrintable(error));
    }

    // MLflow's TLS variables against a loopback TLS server with a self-signed certificate made
    // at test time by the openssl command, requiring a client certificate.
    void tlsVariables()
    {
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (openssl.isEmpty()) QSKIP("the openssl command is not installed (.ci/install-deps.sh)");
        QTemporaryDir tmp;
        auto run = [&](const QStringList &args) {
            QProcess p;
            p.setWorkingDirectory(tmp.path());
            p.start(openssl, args);
            QVERIFY2(p.waitForFinished(60000) && p.exitCode() == 0,
                     p.readAllStandardError().constData());
        };
        run({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
             QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
             QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
             QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1"),
             QStringLiteral("-keyout"), QStringLiteral("server.key"), QStringLiteral("-out"),
             QStringLiteral("server.pem")});
        run({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
             QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
             QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=gate-client"),
             QStringLiteral("-keyout"), QStringLiteral("client.key"), QStringLiteral("-out"),
             QStringLiteral("client.crt")});
        {
            QFile both(tmp.filePath(QStringLiteral("client.pem")));
            QFile crt(tmp.filePath(QStringLiteral("client.crt")));
            QFile key(tmp.filePath(QStringLiteral("client.key")));
            QVERIFY(both.open(QIODevice::WriteOnly) && crt.open(QIODevice::ReadOnly) &&
                    key.open(QIODevice::ReadOnly));
            both.write(crt.readAll() + key.readAll());
            QFile page(tmp.filePath(QStringLiteral("ok.json")));
            QVERIFY(page.open(QIODevice::WriteOnly));
            page.write(R"({"registered_models": []})");
        }
        QTcpServer probe; // a free port
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        // Python's ssl module serves it (HTTP/1.1 with a Content-Length, client certificate
        // required); openssl made the certificates.
        const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
        if (python.isEmpty()) QSKIP("python3 is not installed (.ci/install-deps.sh)");
        QProcess server;
        server.setChildProcessModifier([] { ::setsid(); }); // its own process group
        server.start(python, {QStringLiteral(GR_SOURCE_DIR "/tests/mlflow/tls_server.py"),
                              QString::number(port), tmp.filePath(QStringLiteral("server.pem")),
                              tmp.filePath(QStringLiteral("server.key")), tmp.path(),
                              tmp.filePath(QStringLiteral("client.crt"))});
        QVERIFY(server.waitForStarted());
        const auto stop = qScopeGuard([&] {
            ::kill(-pid_t(server.processId()), SIGTERM);
            server.waitForFinished(5000);
        });
        QTcpSocket up;
        for (int i = 0; i < 100; ++i) {
            up.connectToHost(QHostAddress::LocalHost, port);
            if (up.waitForConnected(100)) break;
            QThread::msleep(100);
        }
        up.abort();
        const QString url = QStringLiteral("https://127.0.0.1:%1").arg(port);
        auto get = [&] {
            return errorOf(
                [&] { MlflowHttp(url, withToken()).getJson(QStringLiteral("/ok.json")); });
        };
        const QString cert = tmp.filePath(QStringLiteral("server.pem"));
        const QString client = tmp.filePath(QStringLiteral("client.pem"));
        // Untrusted self-signed certificate: refused with the TLS hint.
        QString error = get();
        QVERIFY2(error.contains(QStringLiteral("TLS handshake failed")) ||
                     error.contains(QStringLiteral("certificate")),
                 qPrintable(error));
        // Trusted through MLFLOW_TRACKING_SERVER_CERT_PATH, with the client certificate.
        qputenv("MLFLOW_TRACKING_SERVER_CERT_PATH", cert.toUtf8());
        qputenv("MLFLOW_TRACKING_CLIENT_CERT_PATH", client.toUtf8());
        QCOMPARE(get(), QStringLiteral("(no error)"));
        // Without the client certificate the server refuses the handshake.
        qunsetenv("MLFLOW_TRACKING_CLIENT_CERT_PATH");
        QVERIFY(get() != QStringLiteral("(no error)"));
        // MLFLOW_TRACKING_INSECURE_TLS skips verification (and cannot be combined with a CA).
        qputenv("MLFLOW_TRACKING_CLIENT_CERT_PATH", client.toUtf8());
        qputenv("MLFLOW_TRACKING_INSECURE_TLS", "true");
        error = get();
        QVERIFY2(error.contains(QStringLiteral("cannot both be set")), qPrintable(error));
        qunsetenv("MLFLOW_TRACKING_SERVER_CERT_PATH");
        QCOMPARE(get(), QStringLiteral("(no error)"));
        qunsetenv("MLFLOW_TRACKING_INSECURE_TLS");
        qunsetenv("MLFLOW_TRACKING_CLIENT_CERT_PATH");
    }

    void redactionRules()
    {
        QCOMPARE(redactUri(QStringLiteral("http://u:p4ss@host:5000/x?token=abc&run=1")),
                 QStringLiteral("http://***@host:5000/x?token=***&run=1"));
        QCOMPARE(redactUri(QStringLiteral("https://s3/b/k?X-Amz-Signature=f00&X-Amz-Date=1")),
                 QStringLiteral("https://s3/b/k?X-Amz-Signature=***&X-Amz-Date=1"));
        QCOMPARE(redactSecrets(QStringLiteral("cannot reach http://a:b@h/ (see ?access_token=zz)")),
                 QStringLiteral("cannot reach http://***@h/ (see ?access_token=***)"));
        QCOMPARE(redactUri(QStringLiteral("file:///home/me@work/mlruns")),
                 QStringLiteral("file:///home/me@work/mlruns"));
        QCOMPARE(InputError(QStringLiteral("http://a:SECRET@h"), QStringLiteral("x")).message(),
                 QStringLiteral("http://***@h: x"));
    }

    // Issue 11 item 5: every command, a password in the URI, and no trace of it anywhere.
    void secretInTheUriIsNeverPrintedOrStored()
    {
        test::ReplayServer server(test::mlflowFixture(QStringLiteral("rest")));
        const QString secret = QStringLiteral("S3cretPW");
        QString uri = server.url();
        uri.replace(QStringLiteral("http://"), QStringLiteral("http://gr-user:%1@").arg(secret));
        QTemporaryDir tmp;
        const QString policy = tmp.filePath(QStringLiteral("policy.yaml"));
        {
            QFile f(policy);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("version: 1\nmetric: net_benefit\nvalue: {tp: 500, fp: -100, fn: -300, tn: 0}\n"
                    "registration:\n  - {metric: f1, op: \">\", value: 0.20}\n"
                    "challenge: {strictly_better: true, min_delta: 0, require_significance: "
                    "false}\n");
        }
        const QString json = tmp.filePath(QStringLiteral("gate.json"));
        const QString md = tmp.filePath(QStringLiteral("gate.md"));
        const QString log = tmp.filePath(QStringLiteral("decisions.sqlite"));
        const QString champion = QStringLiteral("models:/churn-classifier@champion");
        const QString candidate = QStringLiteral("models:/churn-classifier@candidate");
        const QList<QStringList> commands{
            {QStringLiteral("gate"), QStringLiteral("--tracking-uri"), uri,
             QStringLiteral("--champion"), champion, QStringLiteral("--candidate"), candidate,
             QStringLiteral("--policy"), policy, QStringLiteral("--json"), json,
             QStringLiteral("--markdown"), md},
            {QStringLiteral("gate"), QStringLiteral("--tracking-uri"), uri,
             QStringLiteral("--champion"), QStringLiteral("models:/nope@champion"),
             QStringLiteral("--candidate"), candidate},
            {QStringLiteral("log"), QStringLiteral("record"), QStringLiteral("--log"), log,
             QStringLiteral("--report"), json, QStringLiteral("--decision"),
             QStringLiteral("promote_candidate"), QStringLiteral("--rationale"),
             QStringLiteral("better, see %1").arg(uri), QStringLiteral("--author"),
             QStringLiteral("alice")},
            {QStringLiteral("log"), QStringLiteral("list"), QStringLiteral("--log"), log},
            {QStringLiteral("log"), QStringLiteral("list"), QStringLiteral("--json"),
             QStringLiteral("--log"), log},
            {QStringLiteral("log"), QStringLiteral("show"), QStringLiteral("1"),
             QStringLiteral("--log"), log},
            {QStringLiteral("mlflow"), QStringLiteral("models"), QStringLiteral("--tracking-uri"),
             uri},
            {QStringLiteral("mlflow"), QStringLiteral("models"), QStringLiteral("--json"),
             QStringLiteral("--tracking-uri"), uri},
            {QStringLiteral("mlflow"), QStringLiteral("versions"),
             QStringLiteral("churn-classifier"), QStringLiteral("--tracking-uri"), uri},
            {QStringLiteral("mlflow"), QStringLiteral("versions"), QStringLiteral("nope"),
             QStringLiteral("--tracking-uri"), uri},
            {QStringLiteral("mlflow"), QStringLiteral("show"), champion,
             QStringLiteral("--tracking-uri"), uri},
            {QStringLiteral("mlflow"), QStringLiteral("promote"), QStringLiteral("--decision"),
             QStringLiteral("1"), QStringLiteral("--log"), log, QStringLiteral("--tracking-uri"),
             uri},
            {QStringLiteral("mlflow"), QStringLiteral("promote"), QStringLiteral("--decision"),
             QStringLiteral("1"), QStringLiteral("--yes"), QStringLiteral("--author"),
             QStringLiteral("bob"), QStringLiteral("--log"), log, QStringLiteral("--tracking-uri"),
             uri},
            {QStringLiteral("mlflow"), QStringLiteral("rollback"), QStringLiteral("--action"),
             QStringLiteral("2"), QStringLiteral("--log"), log, QStringLiteral("--tracking-uri"),
             uri},
            {QStringLiteral("log"), QStringLiteral("list"), QStringLiteral("--log"), log},
            {QStringLiteral("report"), QStringLiteral("--tracking-uri"), uri,
             QStringLiteral("--champion"), champion, QStringLiteral("--candidate"), candidate,
             QStringLiteral("--policy"), policy, QStringLiteral("--output"),
             tmp.filePath(QStringLiteral("report.md"))},
        };
        int ran = 0;
        for (const QStringList &command : commands) {
            const test::CliResult r = runCli(command);
            if (ran == 0) QVERIFY2(r.code == 0, qPrintable(r.out + r.err)); // the gate itself
            const QString all = r.out + r.err;
            QVERIFY2(!all.contains(secret) && !all.contains(QStringLiteral("gr-user")),
                     qPrintable(command.join(QLatin1Char(' ')) + QStringLiteral("\n") + all));
            ++ran;
        }
        QCOMPARE(ran, commands.size());
        // The gate worked with the credentials: they travelled in the header.
        QVERIFY(
            std::any_of(server.requests().cbegin(), server.requests().cend(), [](const auto &r) {
                return r.authorization == "Basic " + QByteArray("gr-user:S3cretPW").toBase64();
            }));
        QVERIFY(QFileInfo::exists(json) && QFileInfo::exists(log));
        QDirIterator files(tmp.path(), QDir::Files, QDirIterator::Subdirectories);
        int checked = 0;
        while (files.hasNext()) {
            QFile f(files.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            QVERIFY2(!bytes.contains(secret.toUtf8()) && !bytes.contains("gr-user"),
                     qPrintable(f.fileName()));
            ++checked;
        }
        QVERIFY(checked >= 4); // policy, gate.json, gate.md, the log (and its WAL)
        const QJsonObject report = test::readJson(json);
        QVERIFY(test::jsonAt(report, {QStringLiteral("champion"), QStringLiteral("run"),
                                      QStringLiteral("metadata_source")})
                    .toString()
                    .startsWith(server.url()));
    }
};

QTEST_GUILESS_MAIN(TestMlflowHostile)
#include "test_mlflowhostile.moc"

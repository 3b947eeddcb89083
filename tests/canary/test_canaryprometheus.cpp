// Layer 4 against a real Prometheus server (Debian's prometheus 2.42), started by this test on a
// free loopback port in its own process group and always stopped: the Knative/KServe metrics of
// tests/data/canary/prometheus/generate_openmetrics.py backfilled with promtool, then
//  - scripts/kserve-canary.sh --fetch-only reproduces the recorded responses byte for byte
//    (so the recordings test_canaryimport reads are what this server answers), and
//  - scripts/kserve-canary.sh runs the documented PromQL with the policy's interval as step and
//    then the built `gatereview canary`: the KServe canary step of docs/pipelines.md.
// QSKIPs, saying which, when prometheus, promtool, python3, curl or bash is missing.
#include "testhelpers.h"

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <QJsonArray>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>
#include <sys/socket.h>
#include <unistd.h>

using namespace gr;

namespace {

const QString kSource = QStringLiteral(GR_SOURCE_DIR);
const QString kGatereview = QStringLiteral(GR_GATEREVIEW_BINARY);

int freeLoopbackPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

struct Run
{
    int exitCode = -1;
    QByteArray out, err;
};

Run run(const QString &program, const QStringList &args, const QProcessEnvironment &env = {},
        int timeoutMs = 60000)
{
    QProcess p;
    if (!env.isEmpty()) p.setProcessEnvironment(env);
    p.start(program, args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// Prometheus in its own process group; the destructor stops the whole group, whatever happened.
class PrometheusServer
{
public:
    ~PrometheusServer()
    {
        if (m_process.state() == QProcess::NotRunning) return;
        ::kill(-pid_t(m_process.processId()), SIGTERM);
        if (!m_process.waitForFinished(10000)) {
            ::kill(-pid_t(m_process.processId()), SIGKILL);
            m_process.waitForFinished();
        }
    }

    QString start(const QString &tsdb, const QString &config)
    {
        m_port = freeLoopbackPort();
        m_process.setChildProcessModifier([] { ::setsid(); });
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(QStringLiteral("prometheus"),
                        {QStringLiteral("--config.file=") + config,
                         QStringLiteral("--storage.tsdb.path=") + tsdb,
                         QStringLiteral("--storage.tsdb.retention.time=100y"),
                         QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(m_port),
                         QStringLiteral("--log.level=warn")});
        if (!m_process.waitForStarted(10000)) return QStringLiteral("prometheus did not start");
        for (int i = 0; i < 150; ++i) {
            if (run(QStringLiteral("curl"),
                    {QStringLiteral("-sf"), url() + QStringLiteral("/-/ready")})
                    .exitCode == 0)
                return {};
            if (m_process.state() == QProcess::NotRunning) break;
            QTest::qWait(200);
        }
        return QStringLiteral("prometheus is not ready: ") +
               QString::fromUtf8(m_process.readAll().right(2000));
    }

    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }

private:
    QProcess m_process;
    int m_port = 0;
};

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestCanaryPrometheus : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::unique_ptr<PrometheusServer> m_server;
    QString m_policy;

    QStringList scriptArgs(const QString &scenario, const QString &outDir,
                           const QString &policy = {}) const
    {
        return {kSource + QStringLiteral("/scripts/kserve-canary.sh"),
                QStringLiteral("--prometheus"),
                m_server->url(),
                QStringLiteral("--namespace"),
                scenario,
                QStringLiteral("--inference-service"),
                QStringLiteral("fraud"),
                QStringLiteral("--baseline-revision"),
                QStringLiteral("fraud-predictor-00001"),
                QStringLiteral("--canary-revision"),
                QStringLiteral("fraud-predictor-00002"),
                QStringLiteral("--policy"),
                policy.isEmpty() ? m_policy : policy,
                QStringLiteral("--start"),
                QStringLiteral("2026-11-02T10:00:00Z"),
                QStringLiteral("--end"),
                QStringLiteral("2026-11-02T10:50:00Z"),
                QStringLiteral("--out-dir"),
                outDir};
    }

    static QProcessEnvironment withGatereview()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("GATEREVIEW"), kGatereview);
        return env;
    }

private slots:
    void initTestCase()
    {
        for (const QString &tool :
             {QStringLiteral("prometheus"), QStringLiteral("promtool"), QStringLiteral("python3"),
              QStringLiteral("curl"), QStringLiteral("bash")})
            if (QStandardPaths::findExecutable(tool).isEmpty())
                QSKIP(qPrintable(tool + QStringLiteral(" is not installed (Debian packages "
                                                       "prometheus, curl, python3): no live "
                                                       "Prometheus test")));
        QVERIFY(m_tmp.isValid());
        const QString data = test::dataPath(QStringLiteral("canary/prometheus"));
        m_policy = data + QStringLiteral("/policy.yaml");
        const QString om = m_tmp.filePath(QStringLiteral("knative.om"));
        Run r =
            run(QStringLiteral("python3"), {data + QStringLiteral("/generate_openmetrics.py"), om});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = run(QStringLiteral("promtool"),
                {QStringLiteral("tsdb"), QStringLiteral("create-blocks-from"),
                 QStringLiteral("openmetrics"), QStringLiteral("-q"), om,
                 m_tmp.filePath(QStringLiteral("tsdb"))});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString config = test::writeFile(m_tmp, QStringLiteral("prometheus.yml"),
                                               "global:\n  scrape_interval: 15s\n");
        m_server = std::make_unique<PrometheusServer>();
        const QString problem = m_server->start(m_tmp.filePath(QStringLiteral("tsdb")), config);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void cleanupTestCase() { m_server.reset(); } // stops the server's process group

    // The live server answers exactly what tests/data/canary/prometheus holds.
    void liveResponsesEqualTheRecordings_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QStringList>("options");
        QTest::newRow("healthy") << QStringLiteral("healthy") << QStringList{};
        QTest::newRow("old-revision")
            << QStringLiteral("old-revision") << QStringList{QStringLiteral("--all-revisions")};
        QTest::newRow("error-spike") << QStringLiteral("error-spike") << QStringList{};
        QTest::newRow("inf-latency")
            << QStringLiteral("inf-latency") << QStringList{QStringLiteral("--mean-latency")};
    }

    void liveResponsesEqualTheRecordings()
    {
        QFETCH(QString, scenario);
        QFETCH(QStringList, options);
        const QString out = m_tmp.filePath(QStringLiteral("live-") + scenario);
        const Run r = run(QStringLiteral("bash"),
                          scriptArgs(scenario, out) +
                              QStringList{QStringLiteral("--fetch-only"), QStringLiteral("--step"),
                                          QStringLiteral("300")} +
                              options);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QDir recorded(test::dataPath(QStringLiteral("canary/prometheus/") + scenario));
        const QStringList files = recorded.entryList({QStringLiteral("*.json")}, QDir::Files);
        QVERIFY(files.size() >= 4);
        for (const QString &f : files)
            QVERIFY2(readAll(out + QLatin1Char('/') + f) == readAll(recorded.filePath(f)),
                     qPrintable(scenario + QLatin1Char('/') + f + QStringLiteral(" differs")));
    }

    // The KServe canary step, end to end: PromQL over the window with the policy's interval as
    // step (the recorded 5m, and 10m: the script must read it from the policy), then gatereview
    // canary with its exit code, report and GitHub output.
    void kserveCanaryStep_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("interval");
        QTest::addColumn<int>("step");
        QTest::addColumn<QString>("verdict");
        const QString healthy = QStringLiteral("healthy"), spike = QStringLiteral("error-spike");
        const QString fiveMinutes = QStringLiteral("5m"), tenMinutes = QStringLiteral("10m");
        QTest::newRow("healthy") << healthy << fiveMinutes << 300 << QStringLiteral("PROMOTE");
        QTest::newRow("error-spike") << spike << fiveMinutes << 300 << QStringLiteral("ROLLBACK");
        QTest::newRow("healthy 10m") << healthy << tenMinutes << 600 << QStringLiteral("PROMOTE");
        QTest::newRow("error-spike 10m")
            << spike << tenMinutes << 600 << QStringLiteral("ROLLBACK");
    }

    void kserveCanaryStep()
    {
        QFETCH(QString, scenario);
        QFETCH(QString, interval);
        QFETCH(int, step);
        QFETCH(QString, verdict);
        const QString name = scenario + QLatin1Char('-') + interval;
        QByteArray policyText = readAll(m_policy);
        QVERIFY(policyText.contains("\n  interval: 5m "));
        policyText.replace("\n  interval: 5m ", "\n  interval: " + interval.toUtf8() + ' ');
        const QString policy = test::writeFile(
            m_tmp, QStringLiteral("policy-") + name + QStringLiteral(".yaml"), policyText);
        const QString out = m_tmp.filePath(QStringLiteral("step-") + name);
        const QString report = out + QStringLiteral("-report.json");
        const QString github =
            test::writeFile(m_tmp, QStringLiteral("github-") + name, "gate_result=PROMOTED\n");
        const Run r = run(QStringLiteral("bash"),
                          scriptArgs(scenario, out, policy) +
                              QStringList{QStringLiteral("--"), QStringLiteral("--json"), report,
                                          QStringLiteral("--github-output"), github},
                          withGatereview());
        QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
        QVERIFY2(r.out.startsWith("Canary: " + verdict.toUtf8()), r.out.constData());
        QCOMPARE(readAll(github), "gate_result=PROMOTED\ncanary_result=" + verdict.toUtf8() + "\n");
        const QJsonObject json = test::readJson(report);
        QCOMPARE(json.value(QStringLiteral("canary_result")).toString(), verdict);
        const QJsonArray intervals = json.value(QStringLiteral("intervals")).toArray();
        QCOMPARE(intervals.size(), 3000 / step); // the window 10:00-10:50
        const QByteArray queries = readAll(out + QStringLiteral("/queries.txt"));
        QCOMPARE(queries.count("step=" + QByteArray::number(step) + '\n'), 4);
        QCOMPARE(queries.count("[" + QByteArray::number(step) + "s]"), 6); // 4 queries, 3 quantiles
        if (verdict == QLatin1String("ROLLBACK")) {
            QStringList failedStarts;
            for (const QJsonValue &v : intervals)
                if (v.toObject().value(QStringLiteral("verdict")).toString() ==
                    QLatin1String("FAIL"))
                    failedStarts << v.toObject().value(QStringLiteral("start")).toString();
            QCOMPARE(failedStarts, QStringList{QStringLiteral("2026-11-02T10:20:00Z")});
        }
    }

    void unreachableOrRejectedQueryIsAnInputError()
    {
        QStringList args =
            scriptArgs(QStringLiteral("healthy"), m_tmp.filePath(QStringLiteral("bad")));
        args[args.indexOf(QStringLiteral("--namespace")) + 1] = QStringLiteral("bad\"name");
        Run r = run(QStringLiteral("bash"), args, withGatereview());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("is not a Kubernetes name"), r.err.constData());
        args = scriptArgs(QStringLiteral("healthy"), m_tmp.filePath(QStringLiteral("down")));
        args[args.indexOf(QStringLiteral("--prometheus")) + 1] =
            QStringLiteral("http://127.0.0.1:%1").arg(freeLoopbackPort());
        r = run(QStringLiteral("bash"), args, withGatereview());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("query requests failed"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCanaryPrometheus)
#include "test_canaryprometheus.moc"

// The SQLite and file store readers on real MLflow 2.10.2 stores (tests/data/mlflow-2.10.2):
// every case loads through both with identical results that match the scikit-learn reference,
// addresses resolve as MLflow users write them, relocated artifacts are found and reported,
// artifact paths cannot escape, and broken stores fail with a message naming file and line.
#include "mlflowtesthelpers.h"

#include "gate/gateevaluator.h"
#include "gate/gatepolicy.h"
#include "io/parquetreader.h"
#include "mlflow/filestore.h"
#include "mlflow/mlflowaddress.h"
#include "mlflow/mlflowrunloader.h"
#include "mlflow/sqlitestore.h"
#include "model/errors.h"
#include "report/decisionreport.h"
#include "report/gatereportjson.h"
#include "report/reportdocument.h"
#include "review/runsource.h"

#include <QCryptographicHash>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlQuery>

using namespace gr;

namespace {

QString sqliteUri()
{
    return QStringLiteral("sqlite:///") + test::mlflowFixture(QStringLiteral("mlflow.db"));
}

QString fileUri()
{
    return QUrl::fromLocalFile(test::mlflowFixture(QStringLiteral("mlruns"))).toString();
}

std::shared_ptr<Run> load(const QString &address, const QString &uri)
{
    RunSourceOptions options;
    options.trackingUri = uri;
    return loadRun(address, options);
}

GateReport gate(const QString &model, const QString &uri)
{
    const GatePolicy policy =
        loadGatePolicy(test::dataPath(QStringLiteral("reference/policy.yaml")));
    GateOptions options;
    options.now = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    return evaluateGate(load(QStringLiteral("models:/%1@champion").arg(model), uri),
                        load(QStringLiteral("models:/%1@candidate").arg(model), uri), policy,
                        nullptr, options);
}

// Runs `f`, expecting an InputError whose message contains every one of `parts`.
template <typename F> QString expectInputError(F f, const QStringList &parts)
{
    try {
        f();
    } catch (const InputError &e) {
        for (const QString &p : parts)
            if (!e.message().contains(p))
                qWarning("message '%s' lacks '%s'", qPrintable(e.message()), qPrintable(p));
        for (const QString &p : parts)
            if (!e.message().contains(p)) return QString();
        return e.message();
    }
    qWarning("no InputError thrown");
    return QString();
}

const QString kFileRun = QStringLiteral("282732226586661371/55d1a94d223844a293f916d25d8dd023");

} // namespace

class TestMlflowStores : public QObject
{
    Q_OBJECT

private slots:
    void matchesReference_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("uri");
        for (const QString &m : test::mlflowModels()) {
            QTest::newRow(qPrintable(m + QStringLiteral(" file store"))) << m << fileUri();
            QTest::newRow(qPrintable(m + QStringLiteral(" sqlite"))) << m << sqliteUri();
        }
    }

    void matchesReference()
    {
        QFETCH(QString, model);
        QFETCH(QString, uri);
        const GateReport report = gate(model, uri);
        test::checkAgainstReference(report, model);
        QCOMPARE(report.champion.run->meta.alias, QStringLiteral("champion"));
        QCOMPARE(report.champion.run->meta.modelVersion, QStringLiteral("1"));
        QCOMPARE(report.candidate.run->meta.modelVersion, QStringLiteral("2"));
        QCOMPARE(toString(report.champion.run->thresholdSource),
                 toString(ThresholdSource::Metadata));       // the run's `threshold` param
        QVERIFY(!report.champion.run->meta.notes.isEmpty()); // relocated from /home/mlops
        QVERIFY(report.champion.run->meta.notes.first().contains(
            QStringLiteral("/home/mlops/churn-gate")));
    }

    // Item 10: a report names the file actually read (here the relocated artifact, not the
    // recorded /home/mlops URI) and the SHA-256 of its bytes.
    void reportNamesTheFileActuallyRead_data() { matchesReference_data(); }

    void reportNamesTheFileActuallyRead()
    {
        QFETCH(QString, model);
        QFETCH(QString, uri);
        auto report = std::make_shared<const GateReport>(gate(model, uri));
        for (const ModelEvaluation *side : {&report->champion, &report->candidate}) {
            const PredictionSet &p = side->run->predictions;
            QVERIFY2(QFileInfo(p.readFrom).isFile(), qPrintable(p.readFrom));
            QVERIFY(p.readFrom != p.source);
            QVERIFY(!p.readFrom.contains(QStringLiteral("/home/mlops")));
            QFile read(p.readFrom);
            QVERIFY(read.open(QIODevice::ReadOnly));
            QCOMPARE(
                p.fileSha256,
                QString::fromLatin1(
                    QCryptographicHash::hash(read.readAll(), QCryptographicHash::Sha256).toHex()));
        }
        // The report document every renderer draws: a "Read from" row beside the hashes.
        const ReportDocument doc = buildReportDocument(
            makeDecisionReportInput(report, {}, std::nullopt, report->evaluatedAt));
        QStringList readFrom;
        for (const ReportBlock &b : doc.blocks)
            for (const QStringList &row : b.table.rows)
                if (row.value(0) == QLatin1String("Read from")) readFrom = row;
        QCOMPARE(readFrom, (QStringList{QStringLiteral("Read from"),
                                        report->champion.run->predictions.readFrom,
                                        report->candidate.run->predictions.readFrom}));
        const QJsonObject json = gateReportToJson(*report);
        QCOMPARE(
            json[QStringLiteral("champion")][QStringLiteral("run")][QStringLiteral("read_from")]
                .toString(),
            report->champion.run->predictions.readFrom);
    }

    void fileAndSqliteStoresAgree_data()
    {
        QTest::addColumn<QString>("model");
        for (const QString &m : test::mlflowModels())
            QTest::newRow(qPrintable(m)) << m;
    }

    void fileAndSqliteStoresAgree()
    {
        QFETCH(QString, model);
        const GateReport a = gate(model, fileUri());
        const GateReport b = gate(model, sqliteUri());
        QJsonObject ja = gateReportToJson(a), jb = gateReportToJson(b);
        // The two stores were written by separate runs: only run ids and locations differ.
        for (QJsonObject *j : {&ja, &jb})
            for (const QString &role : {QStringLiteral("champion"), QStringLiteral("candidate")}) {
                QJsonObject side = j->value(role).toObject();
                side.remove(QStringLiteral("run"));
                j->insert(role, side);
                QJsonObject inputs = j->value(QStringLiteral("inputs")).toObject();
                QJsonObject input = inputs.value(role).toObject();
                input.remove(
                    QStringLiteral("path")); // the artifact URI each store recorded; sha256 stays
                inputs.insert(role, input);
                j->insert(QStringLiteral("inputs"), inputs);
            }
        if (ja != jb) {
            QFile fa(QDir::temp().filePath(QStringLiteral("gr-mlflow-file.json"))),
                fb(QDir::temp().filePath(QStringLiteral("gr-mlflow-sqlite.json")));
            fa.open(QIODevice::WriteOnly);
            fb.open(QIODevice::WriteOnly);
            fa.write(QJsonDocument(ja).toJson());
            fb.write(QJsonDocument(jb).toJson());
            QFAIL("the file store and the SQLite store gave different reports: diff "
                  "/tmp/gr-mlflow-file.json /tmp/gr-mlflow-sqlite.json");
        }
        for (auto [x, y] : {std::pair{a.champion.run, b.champion.run},
                            std::pair{a.candidate.run, b.candidate.run}}) {
            QCOMPARE(x->predictions.fileSha256, y->predictions.fileSha256);
            QCOMPARE(x->predictions.fingerprint, y->predictions.fingerprint);
            QCOMPARE(x->meta.params, y->meta.params);
            QCOMPARE(x->meta.metrics, y->meta.metrics);
            QCOMPARE(x->meta.threshold, y->meta.threshold);
            QCOMPARE(x->meta.datasetDigest, y->meta.datasetDigest);
            QCOMPARE(x->meta.datasets.size(), y->meta.datasets.size());
            QStringList dx, dy;
            for (const DatasetInput &d : x->meta.datasets)
                dx << d.name + QLatin1Char('/') + d.digest + QLatin1Char('/') + d.context +
                          QLatin1Char('/') + QString::number(d.rows.value_or(-1));
            for (const DatasetInput &d : y->meta.datasets)
                dy << d.name + QLatin1Char('/') + d.digest + QLatin1Char('/') + d.context +
                          QLatin1Char('/') + QString::number(d.rows.value_or(-1));
            dx.sort();
            dy.sort();
            QCOMPARE(dx, dy);
        }
    }

    void splitMismatchCitesRowsAndDigests_data() { matchesReference_data(); }

    void splitMismatchCitesRowsAndDigests()
    {
        QFETCH(QString, model);
        QFETCH(QString, uri);
        if (!model.endsWith(QLatin1String("split-mismatch"))) return;
        const GateReport report = gate(model, uri);
        QCOMPARE(toString(report.result), toString(GateResult::Invalid));
        const QString reasons = report.reasons.join(QLatin1Char('\n'));
        QVERIFY2(reasons.contains(QStringLiteral("rows only in the champion (e.g.")),
                 qPrintable(reasons));
        QVERIFY2(reasons.contains(QStringLiteral("e669fac7")) &&
                     reasons.contains(QStringLiteral("d008cb9b")),
                 qPrintable(reasons));
        const CheckOutcome &check = report.layer(3).checks.at(1);
        QCOMPARE(check.id, QStringLiteral("cicd.eval_dataset"));
        QCOMPARE(toString(check.result), toString(LayerResult::Fail));
        const GateReport same = gate(QStringLiteral("churn-classifier"), uri);
        QCOMPARE(toString(same.layer(3).checks.at(1).result), toString(LayerResult::Pass));
        QVERIFY(same.layer(3).checks.at(1).detail.contains(
            QStringLiteral("breast_cancer_test (digest e669fac7)")));
    }

    void runMetadataFromTheRun()
    {
        for (const QString &uri : {fileUri(), sqliteUri()}) {
            const auto run = load(QStringLiteral("models:/churn-classifier@candidate"), uri);
            QCOMPARE(run->meta.modelName, QStringLiteral("churn-classifier"));
            QCOMPARE(run->meta.displayName, QStringLiteral("churn-classifier@candidate (v2)"));
            QCOMPARE(run->meta.params.value(QStringLiteral("model_spec")),
                     QStringLiteral("logreg_C0.1"));
            QCOMPARE(run->meta.metrics.value(QStringLiteral("f1")), 0.976);
            QCOMPARE(run->meta.metrics.value(QStringLiteral("cv_roc_auc")),
                     0.9944827586206897); // the last step, not the first
            QCOMPARE(run->meta.tags.value(QStringLiteral("role")), QStringLiteral("candidate"));
            QCOMPARE(run->meta.datasetDigest, QStringLiteral("e669fac7"));
            QCOMPARE(run->meta.datasets.size(), 2);
            QCOMPARE(run->meta.origin, uri.startsWith(QLatin1String("sqlite"))
                                           ? QStringLiteral("MLflow SQLite store")
                                           : QStringLiteral("MLflow file store"));
            QVERIFY(run->predictions.source.endsWith(QLatin1String("/artifacts/predictions.csv")));
        }
    }

    void addressesAsMlflowUsersWriteThem()
    {
        const auto byAlias = load(QStringLiteral("models:/churn-classifier@champion"), sqliteUri());
        const auto byVersion = load(QStringLiteral("models:/churn-classifier/1"), sqliteUri());
        const auto byRun = load(QStringLiteral("runs:/") + byAlias->meta.runId, sqliteUri());
        QCOMPARE(byVersion->meta.runId, byAlias->meta.runId);
        QCOMPARE(byRun->predictions.fingerprint, byAlias->predictions.fingerprint);
        QCOMPARE(byVersion->meta.displayName, QStringLiteral("churn-classifier v1"));
        QCOMPARE(byRun->meta.displayName, QStringLiteral("champion-logreg_C1-rs42"));
        const auto summary = load(QStringLiteral("runs:/") + byAlias->meta.runId +
                                      QStringLiteral("/predictions.csv"),
                                  sqliteUri());
        QCOMPARE(summary->predictions.fileSha256, byAlias->predictions.fileSha256);

        QVERIFY(
            !expectInputError(
                 [] { parseMlflowAddress(QStringLiteral("models:/churn-classifier/Production")); },
                 {QStringLiteral("stages")})
                 .isEmpty());
        QVERIFY(!expectInputError(
                     [] { parseMlflowAddress(QStringLiteral("models:/churn-classifier")); },
                     {QStringLiteral("models:/NAME@ALIAS")})
                     .isEmpty());
        QVERIFY(!expectInputError([] { parseMlflowAddress(QStringLiteral("runs:/")); },
                                  {QStringLiteral("no run id")})
                     .isEmpty());
    }

    void trackingUris()
    {
        QVERIFY(parseTrackingUri(sqliteUri()).kind == TrackingUri::Kind::Sqlite);
        QVERIFY(parseTrackingUri(fileUri()).kind == TrackingUri::Kind::FileStore);
        QVERIFY(parseTrackingUri(test::mlflowFixture(QStringLiteral("mlruns"))).kind ==
                TrackingUri::Kind::FileStore);
        QVERIFY(parseTrackingUri(test::mlflowFixture(QStringLiteral("mlflow.db"))).kind ==
                TrackingUri::Kind::Sqlite);
        QCOMPARE(parseTrackingUri(QStringLiteral("http://localhost:5000/")).url,
                 QStringLiteral("http://localhost:5000"));
        QVERIFY(!expectInputError([] { parseTrackingUri(QStringLiteral("s3://bucket/mlruns")); },
                                  {QStringLiteral("unsupported tracking URI scheme")})
                     .isEmpty());
        QVERIFY(
            !expectInputError([] { parseTrackingUri(QStringLiteral("/no/such/mlruns")); },
                              {QStringLiteral("/no/such/mlruns"), QStringLiteral("does not exist")})
                 .isEmpty());

        // MLFLOW_TRACKING_URI is the default, as in MLflow.
        qputenv("MLFLOW_TRACKING_URI", sqliteUri().toUtf8());
        const auto run = load(QStringLiteral("models:/churn-classifier@champion"), QString());
        qunsetenv("MLFLOW_TRACKING_URI");
        QCOMPARE(run->meta.origin, QStringLiteral("MLflow SQLite store"));
        QVERIFY(!expectInputError(
                     [] { load(QStringLiteral("models:/churn-classifier@champion"), QString()); },
                     {QStringLiteral("MLFLOW_TRACKING_URI")})
                     .isEmpty());
    }

    void browsesTheRegistry()
    {
        FileStore files(test::mlflowFixture(QStringLiteral("mlruns")));
        SqliteStore sqlite(test::mlflowFixture(QStringLiteral("mlflow.db")));
        QCOMPARE(sqlite.schemaRevision(), QStringLiteral("acf3f17fdcc7"));
        for (TrackingStore *store : std::initializer_list<TrackingStore *>{&files, &sqlite}) {
            const QList<MlflowRegisteredModel> models = store->registeredModels();
            QStringList names;
            for (const auto &m : models)
                names << m.name;
            QCOMPARE(names, test::mlflowModels());
            QCOMPARE(models.first().aliases.value(QStringLiteral("champion")), QStringLiteral("1"));
            const QList<MlflowModelVersion> versions =
                store->modelVersions(QStringLiteral("churn-classifier"));
            QCOMPARE(versions.size(), 2);
            QCOMPARE(versions.at(1).aliases, QStringList{QStringLiteral("candidate")});
            QCOMPARE(versions.at(0).tags.value(QStringLiteral("eval_dataset_digest")),
                     QStringLiteral("e669fac7"));
        }
    }

    void badStores()
    {
        QTemporaryDir tmp;
        test::copyTree(test::mlflowFixture(QStringLiteral("mlruns")),
                       tmp.filePath(QStringLiteral("mlruns")));
        const QString root = tmp.filePath(QStringLiteral("mlruns"));
        const QString runDir = QDir(root).filePath(kFileRun);
        const QString runId = QFileInfo(runDir).fileName();

        // An alias that does not exist.
        QVERIFY(!expectInputError(
                     [&] {
                         FileStore(root).versionForAlias(QStringLiteral("churn-classifier"),
                                                         QStringLiteral("does-not-exist"));
                     },
                     {QStringLiteral("aliases/does-not-exist"),
                      QStringLiteral("no alias 'does-not-exist'"),
                      QStringLiteral("candidate, champion")})
                     .isEmpty());
        QVERIFY(!expectInputError(
                     [] {
                         SqliteStore(test::mlflowFixture(QStringLiteral("mlflow.db")))
                             .versionForAlias(QStringLiteral("churn-classifier"),
                                              QStringLiteral("does-not-exist"));
                     },
                     {QStringLiteral("mlflow.db"), QStringLiteral("no alias 'does-not-exist'"),
                      QStringLiteral("candidate, champion")})
                     .isEmpty());
        QVERIFY(!expectInputError(
                     [] {
                         SqliteStore(test::mlflowFixture(QStringLiteral("mlflow.db")))
                             .modelVersions(QStringLiteral("no-such-model"));
                     },
                     {QStringLiteral("no registered model named 'no-such-model'")})
                     .isEmpty());

        // A truncated metric line.
        QFile metric(QDir(runDir).filePath(QStringLiteral("metrics/f1")));
        QVERIFY(metric.open(QIODevice::Append));
        metric.write("\n1795691288640");
        metric.close();
        QVERIFY(!expectInputError([&] { FileStore(root).run(runId); },
                                  {QStringLiteral("metrics/f1:3:"), QStringLiteral("1 field(s)")})
                     .isEmpty());
        QVERIFY(metric.open(QIODevice::WriteOnly));
        metric.write(
            "1795691288634 0.976 0 breast_cancer_test e669fac7\n"); // MLflow 3's five fields
        metric.close();
        QCOMPARE(FileStore(root).run(runId).metrics.value(QStringLiteral("f1")), 0.976);

        // Corrupt YAML, then a missing meta.yaml.
        const QString meta = QDir(runDir).filePath(QStringLiteral("meta.yaml"));
        const QByteArray good = [&] {
            QFile f(meta);
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }();
        test::writeFile(tmp, QDir(tmp.path()).relativeFilePath(meta),
                        "artifact_uri: file:///x\nrun_id: [unclosed\nstatus: 3\n");
        QVERIFY(!expectInputError([&] { FileStore(root).run(runId); },
                                  {QStringLiteral("meta.yaml:"), QStringLiteral("not valid YAML")})
                     .isEmpty());
        QFile::remove(meta);
        QVERIFY(!expectInputError([&] { FileStore(root).run(runId); },
                                  {QStringLiteral("meta.yaml"), QStringLiteral("missing")})
                     .isEmpty());

        // A deleted run is not reviewed.
        test::writeFile(
            tmp, QDir(tmp.path()).relativeFilePath(meta),
            QByteArray(good).replace("lifecycle_stage: active", "lifecycle_stage: deleted"));
        QVERIFY(
            !expectInputError([&] { FileStore(root).run(runId); }, {QStringLiteral("is deleted")})
                 .isEmpty());

        // Deleted versions are skipped.
        const QString v2 =
            QDir(root).filePath(QStringLiteral("models/churn-classifier/version-2/meta.yaml"));
        QByteArray v2meta = [&] {
            QFile f(v2);
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }();
        test::writeFile(tmp, QDir(tmp.path()).relativeFilePath(v2),
                        v2meta.replace("current_stage: None", "current_stage: Deleted_Internal"));
        QCOMPARE(FileStore(root).modelVersions(QStringLiteral("churn-classifier")).size(), 1);

        // Not an MLflow store at all.
        QVERIFY(!expectInputError(
                     [&] {
                         FileStore{tmp.path() +
                                   QStringLiteral("/mlruns/models/churn-classifier/aliases")};
                     },
                     {QStringLiteral("not an MLflow file store")})
                     .isEmpty());
    }

    void sqliteThatIsNotMlflows()
    {
        QTemporaryDir tmp;
        const QString text =
            test::writeFile(tmp, QStringLiteral("notes.db"), "just some text, not a database\n");
        QVERIFY(
            !expectInputError([&] { SqliteStore{text}; },
                              {QStringLiteral("notes.db"), QStringLiteral("not a SQLite database")})
                 .isEmpty());

        const QString other = tmp.filePath(QStringLiteral("other.db"));
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("make-other"));
            db.setDatabaseName(other);
            QVERIFY(db.open());
            QSqlQuery(db).exec(QStringLiteral("CREATE TABLE invoices (id INTEGER, total REAL)"));
            QSqlQuery(db).exec(QStringLiteral("CREATE TABLE alembic_version (version_num TEXT)"));
            QSqlQuery(db).exec(QStringLiteral("CREATE TABLE runs (run_uuid TEXT, name TEXT)"));
            QSqlQuery(db).exec(QStringLiteral("INSERT INTO alembic_version VALUES ('ffff0000')"));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("make-other"));
        QVERIFY(
            !expectInputError([&] { SqliteStore{other}; },
                              {QStringLiteral("other.db"),
                               QStringLiteral("unknown MLflow schema (alembic revision ffff0000)"),
                               QStringLiteral("table 'experiments' has no column 'experiment_id'")})
                 .isEmpty());
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("drop"));
        db.setDatabaseName(other);
        QVERIFY(db.open());
        QSqlQuery(db).exec(QStringLiteral("DROP TABLE alembic_version"));
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("drop"));
        QVERIFY(!expectInputError([&] { SqliteStore{other}; },
                                  {QStringLiteral("not an MLflow tracking store")})
                     .isEmpty());
    }

    void mlflow3SchemaAdditions()
    {
        // MLflow 3 adds tables (logged models, ...) and columns (model_versions.model_id); the
        // reader needs none of them and must read such a store as it reads 2.x.
        QTemporaryDir tmp;
        test::copyTree(test::mlflowFixture(), tmp.path());
        const QString db = tmp.filePath(QStringLiteral("mlflow.db"));
        {
            QSqlDatabase c =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("upgrade"));
            c.setDatabaseName(db);
            QVERIFY(c.open());
            for (const char *sql : {"ALTER TABLE model_versions ADD COLUMN model_id VARCHAR(32)",
                                    "CREATE TABLE logged_models (model_id VARCHAR(36) PRIMARY KEY, "
                                    "experiment_id INTEGER, name VARCHAR(500))",
                                    "UPDATE alembic_version SET version_num = '3fee1c9a23d1'"})
                QVERIFY2(QSqlQuery(c).exec(QString::fromLatin1(sql)), sql);
            c.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("upgrade"));
        SqliteStore store(db);
        QCOMPARE(store.schemaRevision(), QStringLiteral("3fee1c9a23d1"));
        RunSourceOptions options;
        options.trackingUri = QStringLiteral("sqlite:///") + db;
        QCOMPARE(loadRun(QStringLiteral("models:/churn-classifier@candidate"), options)
                     ->meta.modelVersion,
                 QStringLiteral("2"));
    }

    void artifactPathsCannotEscape()
    {
        QTemporaryDir tmp;
        test::copyTree(test::mlflowFixture(QStringLiteral("mlruns")),
                       tmp.filePath(QStringLiteral("mlruns")));
        FileStore store(tmp.filePath(QStringLiteral("mlruns")));
        const MlflowRunRecord run = store.run(QStringLiteral("55d1a94d223844a293f916d25d8dd023"));
        QVERIFY(!expectInputError(
                     [&] { store.fetchArtifact(run, QStringLiteral("../meta.yaml"), tmp.path()); },
                     {QStringLiteral("'..' is not allowed")})
                     .isEmpty());
        QVERIFY(!expectInputError(
                     [&] { store.fetchArtifact(run, QStringLiteral("/etc/passwd"), tmp.path()); },
                     {QStringLiteral("is absolute")})
                     .isEmpty());
        const QString artifacts =
            tmp.filePath(QStringLiteral("mlruns/") + kFileRun + QStringLiteral("/artifacts"));
        QVERIFY(QFile::link(
            tmp.filePath(QStringLiteral("mlruns/") + kFileRun + QStringLiteral("/meta.yaml")),
            artifacts + QStringLiteral("/escape.csv")));
        QVERIFY(!expectInputError(
                     [&] { store.fetchArtifact(run, QStringLiteral("escape.csv"), tmp.path()); },
                     {QStringLiteral("leads outside")})
                     .isEmpty());
        QVERIFY(!expectInputError(
                     [&] { store.fetchArtifact(run, QStringLiteral("nope.csv"), tmp.path()); },
                     {QStringLiteral("has no artifact 'nope.csv'")})
                     .isEmpty());
        const FetchedArtifact ok =
            store.fetchArtifact(run, QStringLiteral("predictions.csv"), tmp.path());
        QVERIFY(ok.localPath.startsWith(QFileInfo(artifacts).absoluteFilePath()));
        QCOMPARE(ok.notes.size(), 1);
        QVERIFY(ok.notes.first().contains(QStringLiteral("does not exist on this machine")));
    }

    void evalResultsTableLayout()
    {
        const QByteArray json =
            R"({"columns": ["feature a", "target", "score"], "index": [7, 3], "data": [[1.5, 1, 0.9], [2, 0, 0.25]]})";
        QCOMPARE(evalResultsTableToCsv(json, QStringLiteral("t.json")),
                 QByteArray("row_id,feature a,target,score\n7,1.5,1,0.9\n3,2,0,0.25\n"));
        QVERIFY(!expectInputError([] { evalResultsTableToCsv("[1,2]", QStringLiteral("t.json")); },
                                  {QStringLiteral("t.json"), QStringLiteral("columns")})
                     .isEmpty());

        // A run with no predictions.csv but MLflow evaluate's table is read from the table.
        QTemporaryDir tmp;
        test::copyTree(test::mlflowFixture(QStringLiteral("mlruns")),
                       tmp.filePath(QStringLiteral("mlruns")));
        const QString artifacts =
            tmp.filePath(QStringLiteral("mlruns/") + kFileRun + QStringLiteral("/artifacts/"));
        QFile csv(artifacts + QStringLiteral("predictions.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QJsonArray data;
        csv.readLine();
        while (!csv.atEnd()) {
            const QList<QByteArray> f = csv.readLine().trimmed().split(',');
            data.append(QJsonArray{f[0].toLongLong(), f[1].toInt(), f[2].toDouble()});
        }
        csv.close();
        QFile::remove(csv.fileName());
        test::writeFile(tmp,
                        QStringLiteral("mlruns/") + kFileRun +
                            QStringLiteral("/artifacts/eval_results_table.json"),
                        QJsonDocument(QJsonObject{{QStringLiteral("columns"),
                                                   QJsonArray{QStringLiteral("row_id"),
                                                              QStringLiteral("y_true"),
                                                              QStringLiteral("y_score")}},
                                                  {QStringLiteral("data"), data}})
                            .toJson());
        const auto fromTable = load(QStringLiteral("runs:/55d1a94d223844a293f916d25d8dd023"),
                                    tmp.filePath(QStringLiteral("mlruns")));
        const auto fromCsv =
            load(QStringLiteral("runs:/55d1a94d223844a293f916d25d8dd023"), fileUri());
        QCOMPARE(fromTable->predictions.fingerprint, fromCsv->predictions.fingerprint);
        QCOMPARE(fromTable->predictions.scores, fromCsv->predictions.scores);
        QVERIFY(fromTable->meta.notes.join(QLatin1Char(' '))
                    .contains(QStringLiteral("eval_results_table.json")));

        // The table is read whole, so its size is bounded (and the bound can be raised).
        qputenv("GATEREVIEW_MAX_EVAL_TABLE_BYTES", "1000");
        const auto restore = qScopeGuard([] { qunsetenv("GATEREVIEW_MAX_EVAL_TABLE_BYTES"); });
        QVERIFY(!expectInputError(
                     [&] {
                         load(QStringLiteral("runs:/55d1a94d223844a293f916d25d8dd023"),
                              tmp.filePath(QStringLiteral("mlruns")));
                     },
                     {QStringLiteral("eval_results_table.json"),
                      QStringLiteral("the evaluation table is larger than 1000 bytes"),
                      QStringLiteral("GATEREVIEW_MAX_EVAL_TABLE_BYTES")})
                     .isEmpty());
    }

    void parquetArtifactByTheDefaultLookup()
    {
        if (!parquetSupportBuilt())
            QSKIP("this build has no Parquet support (see test_parquetreader)");
        // A run holding predictions.parquet (the same rows) instead of predictions.csv.
        QTemporaryDir tmp;
        test::copyTree(test::mlflowFixture(QStringLiteral("mlruns")),
                       tmp.filePath(QStringLiteral("mlruns")));
        const QString artifacts =
            tmp.filePath(QStringLiteral("mlruns/") + kFileRun + QStringLiteral("/artifacts/"));
        QVERIFY(QFile::remove(artifacts + QStringLiteral("predictions.csv")));
        QVERIFY(
            QFile::copy(test::dataPath(QStringLiteral("parquet/mlflow-run-predictions.parquet")),
                        artifacts + QStringLiteral("predictions.parquet")));
        const auto fromParquet = load(QStringLiteral("runs:/55d1a94d223844a293f916d25d8dd023"),
                                      tmp.filePath(QStringLiteral("mlruns")));
        const auto fromCsv =
            load(QStringLiteral("runs:/55d1a94d223844a293f916d25d8dd023"), fileUri());
        QCOMPARE(fromParquet->predictions.fingerprint, fromCsv->predictions.fingerprint);
        QCOMPARE(fromParquet->predictions.scores, fromCsv->predictions.scores);
        QVERIFY(fromParquet->meta.notes.join(QLatin1Char(' '))
                    .contains(QStringLiteral("read predictions.parquet instead")));
    }

    void moveChampionAlias()
    {
        QTemporaryDir tmp;
        test::copyTree(test::mlflowFixture(), tmp.path());
        FileStore files(tmp.filePath(QStringLiteral("mlruns")));
        SqliteStore sqlite(tmp.filePath(QStringLiteral("mlflow.db")));
        for (TrackingStore *store : std::initializer_list<TrackingStore *>{&files, &sqlite}) {
            store->setAlias(QStringLiteral("churn-classifier"), QStringLiteral("champion"),
                            QStringLiteral("2"));
            QCOMPARE(store
                         ->versionForAlias(QStringLiteral("churn-classifier"),
                                           QStringLiteral("champion"))
                         .version,
                     QStringLiteral("2"));
            QVERIFY(!expectInputError(
                         [&] {
                             store->setAlias(QStringLiteral("churn-classifier"),
                                             QStringLiteral("champion"), QStringLiteral("9"));
                         },
                         {QStringLiteral("no version 9")})
                         .isEmpty());
        }
        // The file store keeps meta.yaml's copy of the aliases in step, and a fresh reader agrees.
        QCOMPARE(FileStore(tmp.filePath(QStringLiteral("mlruns")))
                     .registeredModels()
                     .first()
                     .aliases.value(QStringLiteral("champion")),
                 QStringLiteral("2"));
        QCOMPARE(
            SqliteStore(tmp.filePath(QStringLiteral("mlflow.db")))
                .versionForAlias(QStringLiteral("churn-classifier"), QStringLiteral("champion"))
                .version,
            QStringLiteral("2"));
    }
};

QTEST_GUILESS_MAIN(TestMlflowStores)
#include "test_mlflowstores.moc"

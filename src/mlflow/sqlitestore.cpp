#include "sqlitestore.h"
#include "localartifacts.h"
#include "model/errors.h"

#include <QAtomicInteger>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace gr {
namespace {

// What the reader needs; everything else (3.x logged models, traces, ...) is ignored.
const QMap<QString, QStringList> &requiredColumns()
{
    static const QMap<QString, QStringList> required{
        {QStringLiteral("experiments"),
         {QStringLiteral("experiment_id"), QStringLiteral("name"),
          QStringLiteral("artifact_location")}},
        {QStringLiteral("runs"),
         {QStringLiteral("run_uuid"), QStringLiteral("name"), QStringLiteral("status"),
          QStringLiteral("lifecycle_stage"), QStringLiteral("artifact_uri"),
          QStringLiteral("experiment_id")}},
        {QStringLiteral("params"),
         {QStringLiteral("key"), QStringLiteral("value"), QStringLiteral("run_uuid")}},
        {QStringLiteral("tags"),
         {QStringLiteral("key"), QStringLiteral("value"), QStringLiteral("run_uuid")}},
        {QStringLiteral("metrics"),
         {QStringLiteral("key"), QStringLiteral("value"), QStringLiteral("timestamp"),
          QStringLiteral("step"), QStringLiteral("run_uuid")}},
        {QStringLiteral("registered_models"),
         {QStringLiteral("name"), QStringLiteral("description")}},
        {QStringLiteral("model_versions"),
         {QStringLiteral("name"), QStringLiteral("version"), QStringLiteral("run_id"),
          QStringLiteral("source"), QStringLiteral("status"), QStringLiteral("current_stage"),
          QStringLiteral("description")}},
    };
    return required;
}

} // namespace

SqliteStore::SqliteStore(const QString &path) : m_path(QFileInfo(path).absoluteFilePath())
{
    static QAtomicInteger<quint64> counter;
    m_connection = QStringLiteral("gr-mlflow-%1").arg(counter.fetchAndAddRelaxed(1));
    if (!QFileInfo(m_path).isFile())
        throw InputError(m_path, QStringLiteral("no such SQLite database"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        db.setDatabaseName(m_path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open())
            throw InputError(
                m_path, QStringLiteral("cannot open as SQLite: %1").arg(db.lastError().text()));
    }
    detectSchema();
}

SqliteStore::~SqliteStore()
{
    QSqlDatabase::database(m_connection, false).close();
    QSqlDatabase::removeDatabase(m_connection);
}

void SqliteStore::detectSchema()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery tables(db);
    if (!tables.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'")))
        throw InputError(
            m_path,
            QStringLiteral("not a SQLite database (%1)").arg(tables.lastError().databaseText()));
    QSet<QString> names;
    while (tables.next())
        names.insert(tables.value(0).toString());
    if (!names.contains(QStringLiteral("alembic_version")) ||
        !names.contains(QStringLiteral("runs")))
        throw InputError(m_path, QStringLiteral("a SQLite database, but not an MLflow tracking "
                                                "store (no alembic_version / runs tables)"));
    QSqlQuery revision(db);
    if (revision.exec(QStringLiteral("SELECT version_num FROM alembic_version")) && revision.next())
        m_revision = revision.value(0).toString();
    for (const QString &table : names) {
        QSqlQuery info(db);
        info.exec(QStringLiteral("PRAGMA table_info(\"%1\")").arg(table));
        while (info.next())
            m_columns[table].insert(info.value(1).toString());
    }
    for (auto it = requiredColumns().cbegin(); it != requiredColumns().cend(); ++it)
        for (const QString &column : it.value())
            if (!hasColumn(it.key(), column))
                throw InputError(
                    m_path, QStringLiteral("unknown MLflow schema (alembic revision %1): table "
                                           "'%2' has no column '%3'. "
                                           "Upgrade it with 'mlflow db upgrade' or report the "
                                           "MLflow version that wrote it")
                                .arg(m_revision.isEmpty() ? QStringLiteral("none") : m_revision,
                                     it.key(), column));
}

bool SqliteStore::hasColumn(const QString &table, const QString &column) const
{
    return m_columns.value(table).contains(column);
}

namespace {

QSqlQuery prepare(const QString &connection, const QString &path, const QString &sql,
                  const QVariantList &values)
{
    QSqlQuery q(QSqlDatabase::database(connection));
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        throw InputError(path, QStringLiteral("query failed: %1").arg(q.lastError().text()));
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec())
        throw InputError(path, QStringLiteral("query failed: %1").arg(q.lastError().text()));
    return q;
}

} // namespace

QList<MlflowRegisteredModel> SqliteStore::registeredModels()
{
    QList<MlflowRegisteredModel> out;
    QSqlQuery q = prepare(
        m_connection, m_path,
        QStringLiteral("SELECT name, description FROM registered_models ORDER BY name"), {});
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), {}});
    if (m_columns.contains(QStringLiteral("registered_model_aliases")))
        for (MlflowRegisteredModel &m : out) {
            QSqlQuery a =
                prepare(m_connection, m_path,
                        QStringLiteral(
                            "SELECT alias, version FROM registered_model_aliases WHERE name = ?"),
                        {m.name});
            while (a.next())
                m.aliases.insert(a.value(0).toString(), a.value(1).toString());
        }
    return out;
}

QList<MlflowModelVersion> SqliteStore::modelVersions(const QString &model)
{
    QSqlQuery exists =
        prepare(m_connection, m_path,
                QStringLiteral("SELECT 1 FROM registered_models WHERE name = ?"), {model});
    if (!exists.next())
        throw InputError(m_path,
                         QStringLiteral("no registered model named '%1' in this store").arg(model));
    QList<MlflowModelVersion> out;
    QSqlQuery q = prepare(m_connection, m_path,
                          QStringLiteral("SELECT version, run_id, source, status, description, "
                                         "current_stage FROM model_versions "
                                         "WHERE name = ? ORDER BY version"),
                          {model});
    while (q.next()) {
        if (q.value(5).toString() == QLatin1String("Deleted_Internal")) continue;
        MlflowModelVersion v;
        v.name = model;
        v.version = q.value(0).toString();
        v.runId = q.value(1).toString();
        v.source = q.value(2).toString();
        v.status = q.value(3).toString();
        v.description = q.value(4).toString();
        out.append(v);
    }
    for (MlflowModelVersion &v : out) {
        if (m_columns.contains(QStringLiteral("model_version_tags"))) {
            QSqlQuery t = prepare(
                m_connection, m_path,
                QStringLiteral(
                    "SELECT key, value FROM model_version_tags WHERE name = ? AND version = ?"),
                {model, v.version.toLongLong()});
            while (t.next())
                v.tags.insert(t.value(0).toString(), t.value(1).toString());
        }
        if (m_columns.contains(QStringLiteral("registered_model_aliases"))) {
            QSqlQuery a = prepare(m_connection, m_path,
                                  QStringLiteral("SELECT alias FROM registered_model_aliases WHERE "
                                                 "name = ? AND version = ? ORDER BY alias"),
                                  {model, v.version.toLongLong()});
            while (a.next())
                v.aliases << a.value(0).toString();
        }
    }
    return out;
}

MlflowModelVersion SqliteStore::modelVersion(const QString &model, const QString &version)
{
    for (const MlflowModelVersion &v : modelVersions(model))
        if (v.version == version) return v;
    throw InputError(
        m_path,
        QStringLiteral("model '%1' has no version %2 (or it was deleted)").arg(model, version));
}

MlflowModelVersion SqliteStore::versionForAlias(const QString &model, const QString &alias)
{
    if (!m_columns.contains(QStringLiteral("registered_model_aliases")))
        throw InputError(m_path, QStringLiteral("this store predates model aliases (alembic "
                                                "revision %1); address the model by version")
                                     .arg(m_revision));
    QSqlQuery q = prepare(
        m_connection, m_path,
        QStringLiteral("SELECT version FROM registered_model_aliases WHERE name = ? AND alias = ?"),
        {model, alias});
    if (!q.next()) {
        QStringList known;
        for (const MlflowRegisteredModel &m : registeredModels())
            if (m.name == model) known = m.aliases.keys();
        modelVersions(model); // throws when the model itself does not exist
        throw InputError(m_path, QStringLiteral("model '%1' has no alias '%2' (its aliases: %3)")
                                     .arg(model, alias,
                                          known.isEmpty() ? QStringLiteral("none")
                                                          : known.join(QStringLiteral(", "))));
    }
    return modelVersion(model, q.value(0).toString());
}

MlflowRunRecord SqliteStore::run(const QString &runId)
{
    QSqlQuery q = prepare(m_connection, m_path,
                          QStringLiteral("SELECT name, experiment_id, artifact_uri, status, "
                                         "lifecycle_stage FROM runs WHERE run_uuid = ?"),
                          {runId});
    if (!q.next()) throw InputError(m_path, QStringLiteral("no run %1 in this store").arg(runId));
    if (q.value(4).toString() == QLatin1String("deleted"))
        throw InputError(m_path, QStringLiteral("run %1 is deleted").arg(runId));
    MlflowRunRecord r;
    r.runId = runId;
    r.runName = q.value(0).toString();
    r.experimentId = q.value(1).toString();
    r.artifactUri = q.value(2).toString();
    r.status = q.value(3).toString();
    for (auto [table, map] : {std::pair{QStringLiteral("params"), &r.params},
                              std::pair{QStringLiteral("tags"), &r.tags}}) {
        QSqlQuery kv = prepare(
            m_connection, m_path,
            QStringLiteral("SELECT key, value FROM \"%1\" WHERE run_uuid = ?").arg(table), {runId});
        while (kv.next())
            map->insert(kv.value(0).toString(), kv.value(1).toString());
    }
    // The latest value by step, then timestamp — what latest_metrics holds, computed from the
    // full history so stores without that table read the same.
    QSqlQuery m = prepare(
        m_connection, m_path,
        QStringLiteral(
            "SELECT key, value FROM metrics WHERE run_uuid = ? ORDER BY key, step, timestamp"),
        {runId});
    while (m.next())
        r.metrics.insert(m.value(0).toString(), m.value(1).toDouble());
    if (m_columns.contains(QStringLiteral("inputs")) &&
        m_columns.contains(QStringLiteral("datasets"))) {
        QSqlQuery d = prepare(m_connection, m_path,
                              QStringLiteral("SELECT i.input_uuid, d.name, d.digest, "
                                             "d.dataset_source, d.dataset_profile FROM inputs i "
                                             "JOIN datasets d ON d.dataset_uuid = i.source_id "
                                             "WHERE i.destination_type = 'RUN' AND "
                                             "i.destination_id = ? AND i.source_type = 'DATASET' "
                                             "ORDER BY d.name"),
                              {runId});
        while (d.next()) {
            DatasetInput in;
            in.name = d.value(1).toString();
            in.digest = d.value(2).toString();
            in.source = d.value(3).toString();
            in.rows = datasetRowsFromProfile(d.value(4).toString());
            if (m_columns.contains(QStringLiteral("input_tags"))) {
                QSqlQuery t =
                    prepare(m_connection, m_path,
                            QStringLiteral("SELECT value FROM input_tags WHERE input_uuid = ? AND "
                                           "name = 'mlflow.data.context'"),
                            {d.value(0)});
                if (t.next()) in.context = t.value(0).toString();
            }
            r.datasets.append(in);
        }
    }
    return r;
}

FetchedArtifact SqliteStore::fetchArtifact(const MlflowRunRecord &run, const QString &artifactPath,
                                           const QString &)
{
    return resolveLocalArtifact(run.artifactUri, run.runId, artifactPath,
                                {QFileInfo(m_path).path()});
}

void SqliteStore::setAlias(const QString &model, const QString &alias, const QString &version)
{
    modelVersion(model, version); // throws when the version does not exist
    // Writes use a separate read-write connection so the reader stays read-only.
    const QString name = m_connection + QStringLiteral("-write");
    bool ok = false;
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_path);
        if (db.open()) {
            QSqlQuery q(db);
            q.prepare(QStringLiteral("INSERT OR REPLACE INTO registered_model_aliases (alias, "
                                     "version, name) VALUES (?, ?, ?)"));
            q.addBindValue(alias);
            q.addBindValue(version.toLongLong());
            q.addBindValue(model);
            ok = q.exec();
            error = q.lastError().text();
        } else {
            error = db.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    if (!ok)
        throw InputError(m_path, QStringLiteral("cannot set alias '%1': %2").arg(alias, error));
}

} // namespace gr

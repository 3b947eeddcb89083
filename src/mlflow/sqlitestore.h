#pragma once
// The SQLite tracking store (`mlflow.db`). The schema is detected, not assumed: the alembic
// revision and `PRAGMA table_info` decide which columns exist (2.x vs 3.x additions), and a
// database that is not MLflow's, or lacks a table or column the reader needs, fails clearly.
#include "trackingstore.h"

#include <QSet>

namespace gr {

class SqliteStore : public TrackingStore
{
public:
    // Opens read-only. Throws InputError for a file that is not an MLflow database.
    explicit SqliteStore(const QString &path);
    ~SqliteStore() override;
    SqliteStore(const SqliteStore &) = delete;
    SqliteStore &operator=(const SqliteStore &) = delete;

    QString kind() const override { return QStringLiteral("MLflow SQLite store"); }
    QString location() const override { return m_path; }
    QString schemaRevision() const { return m_revision; }

    QList<MlflowRegisteredModel> registeredModels() override;
    QList<MlflowModelVersion> modelVersions(const QString &model) override;
    MlflowModelVersion modelVersion(const QString &model, const QString &version) override;
    MlflowModelVersion versionForAlias(const QString &model, const QString &alias) override;
    MlflowRunRecord run(const QString &runId) override;
    FetchedArtifact fetchArtifact(const MlflowRunRecord &run, const QString &artifactPath,
                                  const QString &scratchDir) override;
    void setAlias(const QString &model, const QString &alias, const QString &version) override;

private:
    void detectSchema();
    bool hasColumn(const QString &table, const QString &column) const;

    QString m_path;
    QString m_connection;
    QString m_revision;
    QMap<QString, QSet<QString>> m_columns; // table -> columns
};

} // namespace gr

#pragma once
// The `mlruns/` file store: experiments/<run>/meta.yaml, params/, tags/, metrics/, inputs/,
// <experiment>/datasets/, and the registry under models/<name>/ (version-N/, aliases/<alias>).
// Deleted runs (lifecycle_stage: deleted, or in .trash) and deleted versions are skipped.
#include "trackingstore.h"

namespace gr {

class FileStore : public TrackingStore
{
public:
    // Throws InputError when `root` does not look like an mlruns folder.
    explicit FileStore(const QString &root);

    QString kind() const override { return QStringLiteral("MLflow file store"); }
    QString location() const override { return m_root; }
    QList<MlflowRegisteredModel> registeredModels() override;
    QList<MlflowModelVersion> modelVersions(const QString &model) override;
    MlflowModelVersion modelVersion(const QString &model, const QString &version) override;
    MlflowModelVersion versionForAlias(const QString &model, const QString &alias) override;
    MlflowRunRecord run(const QString &runId) override;
    FetchedArtifact fetchArtifact(const MlflowRunRecord &run, const QString &artifactPath,
                                  const QString &scratchDir) override;
    void setAlias(const QString &model, const QString &alias, const QString &version) override;

private:
    QString modelDir(const QString &model) const;
    MlflowRegisteredModel readModel(const QString &model) const;
    MlflowModelVersion readVersion(const QString &versionDir) const;
    QString findRunDir(const QString &runId) const;

    QString m_root;
};

// Latest value of a file-store metric file ("timestamp value step" lines; 2 fields in old
// stores, 5 with a dataset name and digest in MLflow 3). Throws InputError naming the line.
double readFileStoreMetric(const QString &path);

} // namespace gr

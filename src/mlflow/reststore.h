#pragma once
// A tracking server over MLflow's REST API: registered-models/alias, model-versions/get, runs/get,
// and artifacts through /get-artifact or the mlflow-artifacts proxy.
#include "mlflowhttp.h"

namespace gr {

class RestStore : public TrackingStore
{
public:
    RestStore(const QString &url, const TrackingConnection &connection);

    QString kind() const override { return QStringLiteral("MLflow tracking server"); }
    QString location() const override { return m_http.baseUrl(); }
    QList<MlflowRegisteredModel> registeredModels() override;
    QList<MlflowModelVersion> modelVersions(const QString &model) override;
    MlflowModelVersion modelVersion(const QString &model, const QString &version) override;
    MlflowModelVersion versionForAlias(const QString &model, const QString &alias) override;
    MlflowRunRecord run(const QString &runId) override;
    FetchedArtifact fetchArtifact(const MlflowRunRecord &run, const QString &artifactPath,
                                  const QString &scratchDir) override;
    void setAlias(const QString &model, const QString &alias, const QString &version) override;

private:
    MlflowHttp m_http;
};

} // namespace gr

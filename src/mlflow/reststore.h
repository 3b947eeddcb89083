#pragma once
// A tracking server over MLflow's REST API: registered-models/alias, model-versions/get, runs/get,
// and artifacts: /get-artifact first (one response with a Content-Length, ~10x faster than the
// proxy's one-chunk-per-line stream for a 30 MB CSV), the mlflow-artifacts proxy when the server
// does not offer it. Downloads stream to a scratch file whose name is a hash of the run id and
// artifact path, never server text.
#include "mlflowhttp.h"
#include "model/errors.h"

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
    QStringList listArtifacts(const MlflowRunRecord &run) override;
    void setTransferObserver(TransferObserver observer) override
    {
        m_http.setTransferObserver(std::move(observer));
    }
    void setModelVersionTag(const QString &model, const QString &version, const QString &key,
                            const QString &value) override;
    void logArtifact(const MlflowRunRecord &run, const QString &artifactPath,
                     const QByteArray &content) override;

private:
    InputError missingArtifact(const MlflowRunRecord &run, const QString &artifactPath, int status);

    MlflowHttp m_http;
};

// The scratch file name of a download: a hash of run id and artifact path plus a known suffix.
QString scratchFileName(const QString &runId, const QString &artifactPath);

} // namespace gr

#include "reststore.h"
#include "localartifacts.h"
#include "model/errors.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace gr {
namespace {

const QString kApi = QStringLiteral("/api/2.0/mlflow/");

QString str(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest)
                        : v.toString();
}

QMap<QString, QString> keyValues(const QJsonArray &array)
{
    QMap<QString, QString> out;
    for (const QJsonValue &v : array)
        out.insert(v.toObject().value(QStringLiteral("key")).toString(),
                   v.toObject().value(QStringLiteral("value")).toString());
    return out;
}

MlflowModelVersion versionFromJson(const QJsonObject &o)
{
    MlflowModelVersion v;
    v.name = str(o, "name");
    v.version = str(o, "version");
    v.runId = str(o, "run_id");
    v.source = str(o, "source");
    v.status = str(o, "status");
    v.description = str(o, "description");
    v.tags = keyValues(o.value(QStringLiteral("tags")).toArray());
    for (const QJsonValue &a : o.value(QStringLiteral("aliases")).toArray())
        v.aliases << a.toString();
    return v;
}

QUrlQuery query(std::initializer_list<std::pair<QString, QString>> items)
{
    QUrlQuery q;
    for (const auto &[k, v] : items)
        q.addQueryItem(k, QString::fromLatin1(QUrl::toPercentEncoding(v)));
    return q;
}

} // namespace

RestStore::RestStore(const QString &url, const TrackingConnection &connection)
    : m_http(url, connection)
{
}

QList<MlflowRegisteredModel> RestStore::registeredModels()
{
    QList<MlflowRegisteredModel> out;
    QString token;
    do {
        QUrlQuery q = query({{QStringLiteral("max_results"), QStringLiteral("100")}});
        if (!token.isEmpty())
            q.addQueryItem(QStringLiteral("page_token"),
                           QString::fromLatin1(QUrl::toPercentEncoding(token)));
        const QJsonObject page =
            m_http.getJson(kApi + QStringLiteral("registered-models/search"), q);
        for (const QJsonValue &v : page.value(QStringLiteral("registered_models")).toArray()) {
            const QJsonObject o = v.toObject();
            MlflowRegisteredModel m{str(o, "name"), str(o, "description"), {}};
            for (const QJsonValue &a : o.value(QStringLiteral("aliases")).toArray())
                m.aliases.insert(str(a.toObject(), "alias"), str(a.toObject(), "version"));
            out.append(m);
        }
        token = page.value(QStringLiteral("next_page_token")).toString();
    } while (!token.isEmpty());
    return out;
}

QList<MlflowModelVersion> RestStore::modelVersions(const QString &model)
{
    // The search answers an empty list for an unknown model; get answers MLflow's 404 message.
    const QJsonObject registered = m_http
                                       .getJson(kApi + QStringLiteral("registered-models/get"),
                                                query({{QStringLiteral("name"), model}}))
                                       .value(QStringLiteral("registered_model"))
                                       .toObject();
    QList<MlflowModelVersion> out;
    QString token;
    do {
        QUrlQuery q =
            query({{QStringLiteral("filter"),
                    QStringLiteral("name='%1'")
                        .arg(QString(model).replace(QLatin1Char('\''), QStringLiteral("\\'")))}});
        if (!token.isEmpty())
            q.addQueryItem(QStringLiteral("page_token"),
                           QString::fromLatin1(QUrl::toPercentEncoding(token)));
        const QJsonObject page = m_http.getJson(kApi + QStringLiteral("model-versions/search"), q);
        for (const QJsonValue &v : page.value(QStringLiteral("model_versions")).toArray())
            out.append(versionFromJson(v.toObject()));
        token = page.value(QStringLiteral("next_page_token")).toString();
    } while (!token.isEmpty());
    // MLflow 2.x's search leaves the aliases out; the registered model lists them.
    for (const QJsonValue &a : registered.value(QStringLiteral("aliases")).toArray())
        for (MlflowModelVersion &v : out)
            if (v.version == str(a.toObject(), "version") &&
                !v.aliases.contains(str(a.toObject(), "alias")))
                v.aliases << str(a.toObject(), "alias");
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) {
        return a.version.toLongLong() < b.version.toLongLong();
    });
    return out;
}

MlflowModelVersion RestStore::modelVersion(const QString &model, const QString &version)
{
    const QJsonObject o = m_http.getJson(
        kApi + QStringLiteral("model-versions/get"),
        query({{QStringLiteral("name"), model}, {QStringLiteral("version"), version}}));
    return versionFromJson(o.value(QStringLiteral("model_version")).toObject());
}

MlflowModelVersion RestStore::versionForAlias(const QString &model, const QString &alias)
{
    const QJsonObject o =
        m_http.getJson(kApi + QStringLiteral("registered-models/alias"),
                       query({{QStringLiteral("name"), model}, {QStringLiteral("alias"), alias}}));
    return versionFromJson(o.value(QStringLiteral("model_version")).toObject());
}

MlflowRunRecord RestStore::run(const QString &runId)
{
    const QJsonObject run =
        m_http
            .getJson(kApi + QStringLiteral("runs/get"), query({{QStringLiteral("run_id"), runId}}))
            .value(QStringLiteral("run"))
            .toObject();
    const QJsonObject info = run.value(QStringLiteral("info")).toObject();
    const QJsonObject data = run.value(QStringLiteral("data")).toObject();
    MlflowRunRecord r;
    r.runId = str(info, "run_id");
    if (r.runId.isEmpty()) r.runId = str(info, "run_uuid");
    if (r.runId != runId)
        throw InputError(m_http.baseUrl(),
                         QStringLiteral("asked for run %1 but the server returned run '%2'")
                             .arg(runId, r.runId));
    if (str(info, "lifecycle_stage") == QLatin1String("deleted"))
        throw InputError(m_http.baseUrl(), QStringLiteral("run %1 is deleted").arg(runId));
    r.runName = str(info, "run_name");
    r.experimentId = str(info, "experiment_id");
    r.artifactUri = str(info, "artifact_uri");
    r.status = str(info, "status");
    r.params = keyValues(data.value(QStringLiteral("params")).toArray());
    r.tags = keyValues(data.value(QStringLiteral("tags")).toArray());
    for (const QJsonValue &v : data.value(QStringLiteral("metrics")).toArray())
        r.metrics.insert(str(v.toObject(), "key"),
                         v.toObject().value(QStringLiteral("value")).toDouble());
    for (const QJsonValue &v : run.value(QStringLiteral("inputs"))
                                   .toObject()
                                   .value(QStringLiteral("dataset_inputs"))
                                   .toArray()) {
        const QJsonObject ds = v.toObject().value(QStringLiteral("dataset")).toObject();
        DatasetInput d;
        d.name = str(ds, "name");
        d.digest = str(ds, "digest");
        d.source = str(ds, "source");
        d.rows = datasetRowsFromProfile(str(ds, "profile"));
        d.context = keyValues(v.toObject().value(QStringLiteral("tags")).toArray())
                        .value(QStringLiteral("mlflow.data.context"));
        r.datasets.append(d);
    }
    return r;
}

FetchedArtifact RestStore::fetchArtifact(const MlflowRunRecord &run, const QString &artifactPath,
                                         const QString &scratchDir)
{
    checkArtifactPath(artifactPath, m_http.baseUrl());
    QByteArray bytes;
    const QString proxyScheme = QStringLiteral("mlflow-artifacts:");
    if (run.artifactUri.startsWith(proxyScheme)) {
        // mlflow-artifacts:/exp/run/artifacts or mlflow-artifacts://host/exp/...: the server
        // proxies it.
        QString rest = run.artifactUri.mid(proxyScheme.size());
        if (rest.startsWith(QLatin1String("//")))
            rest = rest.mid(rest.indexOf(QLatin1Char('/'), 2));
        while (rest.startsWith(QLatin1Char('/')))
            rest.remove(0, 1);
        bytes = m_http.get(QStringLiteral("/api/2.0/mlflow-artifacts/artifacts/") + rest +
                           QLatin1Char('/') + artifactPath);
    } else {
        bytes = m_http.get(QStringLiteral("/get-artifact"),
                           query({{QStringLiteral("path"), artifactPath},
                                  {QStringLiteral("run_uuid"), run.runId}}));
    }
    FetchedArtifact out;
    out.localPath =
        QDir(scratchDir)
            .filePath(run.runId + QLatin1Char('-') +
                      QString(artifactPath).replace(QLatin1Char('/'), QLatin1Char('_')));
    QFile f(out.localPath);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        throw InputError(
            out.localPath,
            QStringLiteral("cannot save the downloaded artifact: %1").arg(f.errorString()));
    out.displayUri = run.artifactUri + QLatin1Char('/') + artifactPath;
    return out;
}

void RestStore::setAlias(const QString &model, const QString &alias, const QString &version)
{
    m_http.postJson(kApi + QStringLiteral("registered-models/alias"),
                    QJsonObject{{QStringLiteral("name"), model},
                                {QStringLiteral("alias"), alias},
                                {QStringLiteral("version"), version}});
}

} // namespace gr

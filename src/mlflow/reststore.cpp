#include "reststore.h"
#include "io/chunkedfile.h"
#include "localartifacts.h"
#include "model/errors.h"
#include "model/redaction.h"

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

namespace {

// The proxy path of a run's artifact root: mlflow-artifacts:/exp/run/artifacts or
// mlflow-artifacts://host/exp/run/artifacts -> exp/run/artifacts. Empty for other schemes.
QString proxyRoot(const QString &artifactUri)
{
    const QString proxyScheme = QStringLiteral("mlflow-artifacts:");
    if (!artifactUri.startsWith(proxyScheme)) return {};
    QString rest = artifactUri.mid(proxyScheme.size());
    if (rest.startsWith(QLatin1String("//"))) rest = rest.mid(rest.indexOf(QLatin1Char('/'), 2));
    while (rest.startsWith(QLatin1Char('/')))
        rest.remove(0, 1);
    return rest;
}

QString encodedPath(const QString &path)
{
    QStringList parts;
    for (const QString &p : path.split(QLatin1Char('/')))
        parts << QString::fromLatin1(QUrl::toPercentEncoding(p));
    return parts.join(QLatin1Char('/'));
}

} // namespace

QString scratchFileName(const QString &runId, const QString &artifactPath)
{
    // A hash names the file: nothing the server sends can steer where it is written.
    const QByteArray key = (runId + QLatin1Char('\n') + artifactPath).toUtf8();
    QString suffix;
    for (const char *known : {".csv.gz", ".csv", ".json", ".parquet", ".gz"})
        if (artifactPath.endsWith(QLatin1String(known), Qt::CaseInsensitive)) {
            suffix = QLatin1String(known);
            break;
        }
    return QStringLiteral("artifact-") + sha256Hex(key.constData(), size_t(key.size())).left(24) +
           suffix;
}

FetchedArtifact RestStore::fetchArtifact(const MlflowRunRecord &run, const QString &artifactPath,
                                         const QString &scratchDir)
{
    checkArtifactPath(artifactPath, m_http.baseUrl());
    checkRunId(run.runId, m_http.baseUrl());
    FetchedArtifact out;
    out.localPath = QDir(scratchDir).filePath(scratchFileName(run.runId, artifactPath));
    out.displayUri = run.artifactUri + QLatin1Char('/') + artifactPath;
    QFile f(out.localPath);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        throw InputError(
            out.localPath,
            QStringLiteral("cannot save the downloaded artifact: %1").arg(f.errorString()));
    int status = 0;
    // GATEREVIEW_MLFLOW_ARTIFACT_ROUTE=proxy skips /get-artifact (for servers that block it, and
    // for the bench that measures the proxy).
    const bool proxyOnly =
        qEnvironmentVariable("GATEREVIEW_MLFLOW_ARTIFACT_ROUTE") == QLatin1String("proxy") &&
        !proxyRoot(run.artifactUri).isEmpty();
    try {
        if (proxyOnly) {
            status = 404;
            throw InputError(QString(), QStringLiteral("proxy route requested"));
        }
        const QUrlQuery direct = query(
            {{QStringLiteral("path"), artifactPath}, {QStringLiteral("run_uuid"), run.runId}});
        m_http.download(QStringLiteral("/get-artifact"), direct, &f, &status);
        out.readFrom = redactUri(m_http.baseUrl()) + QStringLiteral("/get-artifact?") +
                       direct.toString(QUrl::FullyDecoded);
    } catch (const InputError &) {
        const QString proxied = proxyRoot(run.artifactUri);
        if (status < 400 || proxied.isEmpty()) {
            if (status < 400) throw; // not an HTTP answer: a stall, a refusal, a cap
            throw missingArtifact(run, artifactPath, status);
        }
        // The direct endpoint is not offered (or not for this root): use the proxy.
        status = 0; // a stall or cap below is not a missing artifact
        f.resize(0);
        f.seek(0);
        try {
            const QString route = QStringLiteral("/api/2.0/mlflow-artifacts/artifacts/") +
                                  encodedPath(proxied + QLatin1Char('/') + artifactPath);
            m_http.download(route, {}, &f, &status);
            out.readFrom = redactUri(m_http.baseUrl()) + route;
        } catch (const InputError &) {
            if (status < 400) throw;
            throw missingArtifact(run, artifactPath, status);
        }
    }
    if (!f.flush())
        throw InputError(
            out.localPath,
            QStringLiteral("cannot save the downloaded artifact: %1").arg(f.errorString()));
    return out;
}

InputError RestStore::missingArtifact(const MlflowRunRecord &run, const QString &artifactPath,
                                      int status)
{
    // The server's own text can hold its file paths (a 500 for a missing file does): say what
    // is missing and what the run holds instead.
    const QStringList held = listArtifacts(run);
    QString holds = held.isEmpty()
                        ? QStringLiteral("it lists no artifacts")
                        : QStringLiteral("it holds: ") + held.mid(0, 30).join(QStringLiteral(", "));
    if (held.size() > 30) holds += QStringLiteral(", … (%1 in all)").arg(held.size());
    QString hint;
    if (held.contains(QStringLiteral("eval_results_table.json")) == false &&
        std::any_of(held.cbegin(), held.cend(), [](const QString &p) {
            return p.startsWith(QLatin1String("eval_")) || p.contains(QLatin1String("_plot")) ||
                   p.startsWith(QLatin1String("confusion_matrix"));
        }))
        hint =
            QStringLiteral(". This looks like an mlflow.evaluate(model_type=\"classifier\") run: "
                           "MLflow 2.10 logs no per-row table for it, so log the predictions "
                           "(row id, label, score) as a CSV artifact and pass --artifact-path");
    else if (!held.isEmpty())
        hint = QStringLiteral("; pass the predictions file with --artifact-path PATH");
    return InputError(QStringLiteral("runs:/") + run.runId,
                      QStringLiteral("the run has no artifact '%1' (HTTP %2); %3%4")
                          .arg(artifactPath)
                          .arg(status)
                          .arg(holds, hint));
}

QStringList RestStore::listArtifacts(const MlflowRunRecord &run)
{
    QStringList files;
    QStringList folders{QString()};
    try {
        while (!folders.isEmpty() && files.size() < 1000) {
            const QString folder = folders.takeFirst();
            QUrlQuery q = query({{QStringLiteral("run_id"), run.runId}});
            if (!folder.isEmpty())
                q.addQueryItem(QStringLiteral("path"),
                               QString::fromLatin1(QUrl::toPercentEncoding(folder)));
            const QJsonObject page = m_http.getJson(kApi + QStringLiteral("artifacts/list"), q);
            for (const QJsonValue &v : page.value(QStringLiteral("files")).toArray()) {
                const QJsonObject o = v.toObject();
                const QString path = str(o, "path");
                if (path.isEmpty() || path.contains(QLatin1String(".."))) continue;
                if (o.value(QStringLiteral("is_dir")).toBool()) {
                    if (folders.size() < 50) folders << path;
                } else {
                    files << path;
                }
            }
        }
    } catch (const InputError &) {
        // Best effort: the listing only enriches a message.
    }
    return files;
}

void RestStore::setModelVersionTag(const QString &model, const QString &version, const QString &key,
                                   const QString &value)
{
    m_http.postJson(kApi + QStringLiteral("model-versions/set-tag"),
                    QJsonObject{{QStringLiteral("name"), model},
                                {QStringLiteral("version"), version},
                                {QStringLiteral("key"), key},
                                {QStringLiteral("value"), value}});
}

void RestStore::logArtifact(const MlflowRunRecord &run, const QString &artifactPath,
                            const QByteArray &content)
{
    checkArtifactPath(artifactPath, m_http.baseUrl());
    const QString proxied = proxyRoot(run.artifactUri);
    if (proxied.isEmpty())
        throw InputError(
            QStringLiteral("runs:/") + run.runId,
            QStringLiteral("the run's artifacts are not served by the tracking server's proxy "
                           "(mlflow-artifacts:), so the report cannot be uploaded through it"));
    m_http.put(QStringLiteral("/api/2.0/mlflow-artifacts/artifacts/") +
                   encodedPath(proxied + QLatin1Char('/') + artifactPath),
               content);
}

void RestStore::setAlias(const QString &model, const QString &alias, const QString &version)
{
    m_http.postJson(kApi + QStringLiteral("registered-models/alias"),
                    QJsonObject{{QStringLiteral("name"), model},
                                {QStringLiteral("alias"), alias},
                                {QStringLiteral("version"), version}});
}

} // namespace gr

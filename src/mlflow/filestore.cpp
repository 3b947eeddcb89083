#include "filestore.h"
#include "localartifacts.h"
#include "model/errors.h"
#include "yamlfile.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSaveFile>
#include <QTextStream>

namespace gr {
namespace {

using mlflowyaml::text;

const QString kMeta = QStringLiteral("meta.yaml");

// Params, tags and metrics are one file per key; keys with '/' are nested folders.
QMap<QString, QString> readKeyFiles(const QString &folder)
{
    QMap<QString, QString> out;
    const QDir dir(folder);
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        out.insert(dir.relativeFilePath(path), mlflowyaml::readTextFile(path));
    }
    return out;
}

void checkName(const QString &name, const QString &what, const QString &store)
{
    if (name.isEmpty() || name.contains(QLatin1Char('/')) || name.contains(QLatin1Char('\\')) ||
        name == QLatin1String("..") || name == QLatin1String("."))
        throw InputError(store, QStringLiteral("'%1' is not a valid %2").arg(name, what));
}

} // namespace

double readFileStoreMetric(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw InputError(path, QStringLiteral("cannot read: %1").arg(f.errorString()));
    bool any = false;
    double latest = 0;
    qint64 latestStep = 0, latestTime = 0;
    qint64 lineNo = 0;
    while (!f.atEnd()) {
        ++lineNo;
        const QString line = QString::fromUtf8(f.readLine()).trimmed();
        if (line.isEmpty()) continue;
        const QStringList fields = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (fields.size() != 2 && fields.size() != 3 && fields.size() != 5)
            throw InputError(
                path, lineNo,
                QStringLiteral(
                    "a metric line has %1 field(s); expected 'timestamp value step' "
                    "(or 5 fields with a dataset name and digest) — the file may be truncated")
                    .arg(fields.size()));
        bool okTime = false, okValue = false, okStep = true;
        const qint64 time = fields[0].toLongLong(&okTime);
        const double value = fields[1].toDouble(&okValue);
        const qint64 step = fields.size() >= 3 ? fields[2].toLongLong(&okStep) : 0;
        if (!okTime || !okValue || !okStep)
            throw InputError(
                path, lineNo,
                QStringLiteral(
                    "a metric line must be 'timestamp value step' with numbers, not '%1'")
                    .arg(line));
        // MLflow's "latest" value: the highest step, then the latest timestamp.
        if (!any || step > latestStep || (step == latestStep && time >= latestTime)) {
            latest = value;
            latestStep = step;
            latestTime = time;
            any = true;
        }
    }
    if (!any) throw InputError(path, QStringLiteral("the metric file is empty"));
    return latest;
}

FileStore::FileStore(const QString &root) : m_root(QDir(root).absolutePath())
{
    const QDir dir(m_root);
    if (dir.exists(QStringLiteral("models")) || dir.exists(QStringLiteral("0/meta.yaml"))) return;
    for (const QString &sub : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        if (dir.exists(sub + QLatin1Char('/') + kMeta)) return;
    throw InputError(m_root, QStringLiteral("not an MLflow file store: no experiment folder with a "
                                            "meta.yaml and no models/ folder"));
}

QString FileStore::modelDir(const QString &model) const
{
    checkName(model, QStringLiteral("registered model name"), m_root);
    const QString d = QDir(m_root).filePath(QStringLiteral("models/") + model);
    if (!QFileInfo(d).isDir())
        throw InputError(d,
                         QStringLiteral("no registered model named '%1' in this store").arg(model));
    return d;
}

MlflowRegisteredModel FileStore::readModel(const QString &model) const
{
    const QString dir = modelDir(model);
    const YAML::Node meta = mlflowyaml::load(QDir(dir).filePath(kMeta));
    MlflowRegisteredModel m;
    m.name = text(meta, "name");
    m.description = text(meta, "description");
    if (const YAML::Node a = meta["aliases"]; a && a.IsMap())
        for (const auto &kv : a)
            if (kv.first.IsScalar() && kv.second.IsScalar())
                m.aliases.insert(QString::fromStdString(kv.first.Scalar()),
                                 QString::fromStdString(kv.second.Scalar()));
    // The aliases/ folder is where MLflow writes aliases; it wins over the copy in meta.yaml.
    const QDir aliases(QDir(dir).filePath(QStringLiteral("aliases")));
    for (const QString &a : aliases.entryList(QDir::Files))
        m.aliases.insert(a, mlflowyaml::readTextFile(aliases.filePath(a)).trimmed());
    return m;
}

QList<MlflowRegisteredModel> FileStore::registeredModels()
{
    QList<MlflowRegisteredModel> out;
    const QDir models(QDir(m_root).filePath(QStringLiteral("models")));
    for (const QString &name : models.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        out.append(readModel(name));
    return out;
}

MlflowModelVersion FileStore::readVersion(const QString &versionDir) const
{
    const YAML::Node meta = mlflowyaml::load(QDir(versionDir).filePath(kMeta));
    MlflowModelVersion v;
    v.name = text(meta, "name");
    v.version = text(meta, "version");
    v.runId = text(meta, "run_id");
    v.source = text(meta, "source");
    v.status = text(meta, "status");
    v.description = text(meta, "description");
    if (text(meta, "current_stage") == QLatin1String("Deleted_Internal"))
        v.status = QStringLiteral("DELETED");
    v.tags = readKeyFiles(QDir(versionDir).filePath(QStringLiteral("tags")));
    for (auto it = v.tags.begin(); it != v.tags.end(); ++it)
        *it = it->trimmed();
    return v;
}

QList<MlflowModelVersion> FileStore::modelVersions(const QString &model)
{
    const MlflowRegisteredModel m = readModel(model);
    const QDir dir(modelDir(model));
    QList<MlflowModelVersion> out;
    for (const QString &sub : dir.entryList({QStringLiteral("version-*")}, QDir::Dirs)) {
        MlflowModelVersion v = readVersion(dir.filePath(sub));
        if (v.status == QLatin1String("DELETED")) continue;
        for (auto it = m.aliases.cbegin(); it != m.aliases.cend(); ++it)
            if (it.value() == v.version) v.aliases << it.key();
        out.append(v);
    }
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) {
        return a.version.toLongLong() < b.version.toLongLong();
    });
    return out;
}

MlflowModelVersion FileStore::modelVersion(const QString &model, const QString &version)
{
    for (const MlflowModelVersion &v : modelVersions(model))
        if (v.version == version) return v;
    throw InputError(
        QDir(modelDir(model)).filePath(QStringLiteral("version-") + version),
        QStringLiteral("model '%1' has no version %2 (or it was deleted)").arg(model, version));
}

MlflowModelVersion FileStore::versionForAlias(const QString &model, const QString &alias)
{
    const MlflowRegisteredModel m = readModel(model);
    if (!m.aliases.contains(alias))
        throw InputError(QDir(modelDir(model)).filePath(QStringLiteral("aliases/") + alias),
                         QStringLiteral("model '%1' has no alias '%2' (its aliases: %3)")
                             .arg(model, alias,
                                  m.aliases.isEmpty()
                                      ? QStringLiteral("none")
                                      : m.aliases.keys().join(QStringLiteral(", "))));
    MlflowModelVersion v = modelVersion(model, m.aliases.value(alias));
    return v;
}

QString FileStore::findRunDir(const QString &runId) const
{
    checkName(runId, QStringLiteral("run id"), m_root);
    const QDir root(m_root);
    for (const QString &exp : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (exp == QLatin1String("models")) continue;
        if (QFileInfo(root.filePath(exp + QLatin1Char('/') + runId)).isDir()) {
            if (exp == QLatin1String(".trash"))
                throw InputError(root.filePath(exp + QLatin1Char('/') + runId),
                                 QStringLiteral("run %1 is deleted").arg(runId));
            return root.filePath(exp + QLatin1Char('/') + runId);
        }
    }
    throw InputError(m_root, QStringLiteral("no run %1 in this store").arg(runId));
}

MlflowRunRecord FileStore::run(const QString &runId)
{
    const QDir dir(findRunDir(runId));
    const QString metaPath = dir.filePath(kMeta);
    const YAML::Node meta = mlflowyaml::load(metaPath);
    MlflowRunRecord r;
    r.runId = text(meta, "run_id");
    if (r.runId.isEmpty())
        r.runId = text(meta, "run_uuid"); // stores written before MLflow 1.x's run_id
    if (r.runId != runId)
        throw InputError(metaPath,
                         QStringLiteral("the run folder is %1 but its meta.yaml names run '%2'")
                             .arg(runId, r.runId));
    if (text(meta, "lifecycle_stage") == QLatin1String("deleted"))
        throw InputError(metaPath, QStringLiteral("run %1 is deleted").arg(runId));
    r.runName = text(meta, "run_name");
    r.experimentId = text(meta, "experiment_id");
    r.artifactUri = text(meta, "artifact_uri");
    r.status = text(meta, "status");
    r.params = readKeyFiles(dir.filePath(QStringLiteral("params")));
    r.tags = readKeyFiles(dir.filePath(QStringLiteral("tags")));
    if (r.runName.isEmpty()) r.runName = r.tags.value(QStringLiteral("mlflow.runName"));
    const QDir metrics(dir.filePath(QStringLiteral("metrics")));
    QDirIterator it(metrics.path(), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        r.metrics.insert(metrics.relativeFilePath(path), readFileStoreMetric(path));
    }
    const QDir inputs(dir.filePath(QStringLiteral("inputs")));
    const QDir experiment = QFileInfo(dir.path()).dir();
    for (const QString &id : inputs.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const YAML::Node input = mlflowyaml::load(inputs.filePath(id + QLatin1Char('/') + kMeta));
        if (text(input, "source_type") != QLatin1String("DATASET")) continue;
        const QString datasetId = text(input, "source_id");
        checkName(datasetId, QStringLiteral("dataset id"),
                  inputs.filePath(id + QLatin1Char('/') + kMeta));
        const YAML::Node ds = mlflowyaml::load(experiment.filePath(
            QStringLiteral("datasets/") + datasetId + QLatin1Char('/') + kMeta));
        DatasetInput d;
        d.name = text(ds, "name");
        d.digest = text(ds, "digest");
        d.source = text(ds, "source");
        d.rows = datasetRowsFromProfile(text(ds, "profile"));
        if (const YAML::Node tags = input["tags"]; tags && tags.IsMap())
            d.context = text(tags, "mlflow.data.context");
        r.datasets.append(d);
    }
    return r;
}

FetchedArtifact FileStore::fetchArtifact(const MlflowRunRecord &run, const QString &artifactPath,
                                         const QString &)
{
    return resolveLocalArtifact(run.artifactUri, run.runId, artifactPath,
                                {m_root, QFileInfo(m_root).path()});
}

void FileStore::setAlias(const QString &model, const QString &alias, const QString &version)
{
    checkName(alias, QStringLiteral("alias"), m_root);
    modelVersion(model, version); // throws when the version does not exist
    const QDir dir(modelDir(model));
    dir.mkpath(QStringLiteral("aliases"));
    QSaveFile f(dir.filePath(QStringLiteral("aliases/") + alias));
    if (!f.open(QIODevice::WriteOnly) || f.write(version.toUtf8()) != version.toUtf8().size() ||
        !f.commit())
        throw InputError(f.fileName(),
                         QStringLiteral("cannot write the alias: %1").arg(f.errorString()));
    // Keep the copy in meta.yaml in step, as MLflow does.
    const QString metaPath = dir.filePath(kMeta);
    YAML::Node meta = mlflowyaml::load(metaPath);
    if (!meta["aliases"].IsMap())
        meta["aliases"] = YAML::Node(YAML::NodeType::Map); // "aliases: []" when none were set
    meta["aliases"][alias.toStdString()] = version.toStdString();
    YAML::Emitter emitter;
    emitter << meta;
    QSaveFile m(metaPath);
    const QByteArray bytes = QByteArray(emitter.c_str()) + '\n';
    if (!m.open(QIODevice::WriteOnly) || m.write(bytes) != bytes.size() || !m.commit())
        throw InputError(metaPath, QStringLiteral("cannot update: %1").arg(m.errorString()));
}

} // namespace gr

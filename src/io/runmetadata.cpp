#include "runmetadata.h"
#include "chunkedfile.h"
#include "model/errors.h"
#include "model/numberparsing.h"
#include "yamlinput.h"

#include <yaml-cpp/yaml.h>

#include <cmath>

namespace gr {
namespace {

class MetadataParser : public YamlReader
{
public:
    using YamlReader::YamlReader;

    QMap<QString, QString> stringMap(const YAML::Node &node, const QString &what) const
    {
        if (!node.IsMap()) fail(node, QStringLiteral("%1 must be a mapping").arg(what));
        QMap<QString, QString> out;
        for (const auto &kv : node)
            out.insert(text(kv.first, what),
                       text(kv.second,
                            what + QLatin1Char('.') + QString::fromStdString(kv.first.Scalar())));
        return out;
    }

    RunMetadata parse(const YAML::Node &root) const
    {
        RunMetadata meta;
        if (!root || root.IsNull()) return meta;
        if (!root.IsMap())
            fail(root, QStringLiteral("run metadata must be a mapping of keys such as "
                                      "display_name, threshold, params"));
        static const QStringList keys = {
            QStringLiteral("display_name"),   QStringLiteral("model_name"),
            QStringLiteral("model_version"),  QStringLiteral("alias"),
            QStringLiteral("run_id"),         QStringLiteral("threshold"),
            QStringLiteral("dataset_digest"), QStringLiteral("params"),
            QStringLiteral("metrics"),        QStringLiteral("tags"),
            QStringLiteral("datasets"),       QStringLiteral("dvc_lock"),
            QStringLiteral("model"),          QStringLiteral("columns")};
        for (const auto &kv : root) {
            const QString key = text(kv.first, QStringLiteral("key"));
            const YAML::Node &v = kv.second;
            if (!keys.contains(key))
                fail(kv.first, QStringLiteral("unknown key '%1' (allowed: %2)")
                                   .arg(key, keys.join(QStringLiteral(", "))));
            if (key == QLatin1String("display_name"))
                meta.displayName = text(v, key);
            else if (key == QLatin1String("model_name"))
                meta.modelName = text(v, key);
            else if (key == QLatin1String("model_version"))
                meta.modelVersion = text(v, key);
            else if (key == QLatin1String("alias"))
                meta.alias = text(v, key);
            else if (key == QLatin1String("run_id"))
                meta.runId = text(v, key);
            else if (key == QLatin1String("dataset_digest"))
                meta.datasetDigest = text(v, key);
            else if (key == QLatin1String("dvc_lock"))
                meta.dvcLock = text(v, key);
            else if (key == QLatin1String("params"))
                meta.params = stringMap(v, key);
            else if (key == QLatin1String("tags"))
                meta.tags = stringMap(v, key);
            else if (key == QLatin1String("threshold")) {
                meta.threshold = parseThreshold(text(v, key), m_file,
                                                v.Mark().line >= 0 ? v.Mark().line + 1 : 0);
            } else if (key == QLatin1String("model")) {
                if (!v.IsMap())
                    fail(v, QStringLiteral("model must be a mapping of name, version, alias"));
                for (const auto &m : v) {
                    const QString k = text(m.first, key);
                    if (k == QLatin1String("name"))
                        meta.modelName = text(m.second, k);
                    else if (k == QLatin1String("version"))
                        meta.modelVersion = text(m.second, k);
                    else if (k == QLatin1String("alias"))
                        meta.alias = text(m.second, k);
                    else
                        fail(m.first,
                             QStringLiteral(
                                 "unknown key '%1' in model (allowed: name, version, alias)")
                                 .arg(k));
                }
            } else if (key == QLatin1String("columns")) {
                if (!v.IsMap())
                    fail(v, QStringLiteral(
                                "columns must be a mapping of id, label, score, positive_class"));
                for (const auto &m : v) {
                    const QString k = text(m.first, key);
                    if (k == QLatin1String("id"))
                        meta.columns.idColumn = text(m.second, k);
                    else if (k == QLatin1String("label"))
                        meta.columns.labelColumn = text(m.second, k);
                    else if (k == QLatin1String("score"))
                        meta.columns.scoreColumn = text(m.second, k);
                    else if (k == QLatin1String("positive_class"))
                        meta.columns.positiveClass = text(m.second, k);
                    else
                        fail(m.first, QStringLiteral("unknown key '%1' in columns (allowed: id, "
                                                     "label, score, positive_class)")
                                          .arg(k));
                }
            } else if (key == QLatin1String("metrics")) {
                if (!v.IsMap())
                    fail(v, QStringLiteral("metrics must be a mapping of name: number"));
                for (const auto &m : v)
                    meta.metrics.insert(
                        text(m.first, key),
                        number(m.second, QStringLiteral("metric ") +
                                             QString::fromStdString(m.first.Scalar())));
            } else if (key == QLatin1String("datasets")) {
                if (!v.IsSequence()) fail(v, QStringLiteral("datasets must be a list"));
                for (const auto &d : v)
                    meta.datasets.append(dataset(d));
            }
        }
        return meta;
    }

    DatasetInput dataset(const YAML::Node &d) const
    {
        if (!d.IsMap())
            fail(d, QStringLiteral("a dataset must be a mapping of name, digest, source, context"));
        DatasetInput in;
        for (const auto &kv : d) {
            const QString k = text(kv.first, QStringLiteral("key"));
            if (k == QLatin1String("name"))
                in.name = text(kv.second, k);
            else if (k == QLatin1String("digest"))
                in.digest = text(kv.second, k);
            else if (k == QLatin1String("source"))
                in.source = text(kv.second, k);
            else if (k == QLatin1String("context"))
                in.context = text(kv.second, k);
            else if (k == QLatin1String("positive_rate")) {
                in.positiveRate = number(kv.second, k);
                if (*in.positiveRate < 0 || *in.positiveRate > 1)
                    fail(kv.second, QStringLiteral("positive_rate must be in [0, 1]"));
            } else if (k == QLatin1String("rows")) {
                // Checked before the conversion: a float outside qint64 is undefined behaviour
                // (found by fuzz_runmetadata with rows: 1.7e34).
                const double rows = number(kv.second, k);
                if (rows < 0 || rows > 9e15 || rows != std::floor(rows))
                    fail(kv.second, QStringLiteral("rows must be a whole number of rows, not %1")
                                        .arg(QString::fromStdString(kv.second.Scalar())));
                in.rows = qint64(rows);
            } else
                fail(kv.first, QStringLiteral("unknown key '%1' in a dataset (allowed: name, "
                                              "digest, source, context, positive_rate, rows)")
                                   .arg(k));
        }
        return in;
    }
};

} // namespace

RunMetadata parseRunMetadata(const QByteArray &text, const QString &displayName)
{
    RunMetadata meta = MetadataParser(displayName)
                           .parse(parseYaml(text, displayName, QStringLiteral("YAML/JSON")));
    meta.metadataSource = displayName;
    return meta;
}

RunMetadata loadRunMetadata(const QString &path)
{
    return parseRunMetadata(readInputFile(path, QStringLiteral("the run metadata")), path);
}

} // namespace gr

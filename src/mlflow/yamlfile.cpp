#include "yamlfile.h"
#include "io/chunkedfile.h"
#include "model/errors.h"

#include <QFileInfo>

namespace gr::mlflowyaml {

QString readTextFile(const QString &path)
{
    return QString::fromUtf8(readInputFile(path, QStringLiteral("the MLflow file")));
}

YAML::Node load(const QString &path)
{
    if (!QFileInfo::exists(path))
        throw InputError(
            path,
            QStringLiteral("missing; the MLflow store is incomplete or was copied partially"));
    return parse(readInputFile(path, QStringLiteral("the MLflow file")), path);
}

YAML::Node parse(const QByteArray &content, const QString &path)
{
    YAML::Node node;
    try {
        node = YAML::Load(content.toStdString());
    } catch (const YAML::ParserException &e) {
        throw InputError(path, e.mark.line + 1,
                         QStringLiteral("not valid YAML: %1").arg(QString::fromStdString(e.msg)));
    }
    if (!node.IsMap())
        throw InputError(path, 1, QStringLiteral("expected a YAML mapping of MLflow fields"));
    return node;
}

QString text(const YAML::Node &map, const char *key)
{
    const YAML::Node v = map[key];
    if (!v || v.IsNull() || !v.IsScalar()) return {};
    return QString::fromStdString(v.Scalar());
}

} // namespace gr::mlflowyaml

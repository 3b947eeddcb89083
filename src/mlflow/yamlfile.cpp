#include "yamlfile.h"
#include "model/errors.h"

#include <QFile>
#include <QFileInfo>

namespace gr::mlflowyaml {

QString readTextFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw InputError(path, QStringLiteral("cannot read: %1").arg(f.errorString()));
    return QString::fromUtf8(f.readAll());
}

YAML::Node load(const QString &path)
{
    if (!QFileInfo::exists(path))
        throw InputError(
            path,
            QStringLiteral("missing; the MLflow store is incomplete or was copied partially"));
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw InputError(path, QStringLiteral("cannot read: %1").arg(f.errorString()));
    return parse(f.readAll(), path);
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

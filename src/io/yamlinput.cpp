#include "yamlinput.h"
#include "model/errors.h"

#include <cmath>

namespace gr {

YAML::Node parseYaml(const QByteArray &text, const QString &file, const QString &what)
{
    try {
        return YAML::Load(text.toStdString());
    } catch (const YAML::Exception &e) {
        throw InputError(
            file, e.mark.line >= 0 ? e.mark.line + 1 : 0,
            QStringLiteral("malformed %1: %2").arg(what, QString::fromStdString(e.msg)));
    }
}

void YamlReader::fail(const YAML::Node &node, const QString &problem) const
{
    throw InputError(m_file, node.Mark().line >= 0 ? node.Mark().line + 1 : 0, problem);
}

void YamlReader::requireMap(const YAML::Node &node, const QString &what) const
{
    if (!node.IsMap()) fail(node, QStringLiteral("%1 must be a mapping").arg(what));
}

void YamlReader::allowOnly(const YAML::Node &map, const QStringList &keys,
                           const QString &where) const
{
    for (const auto &kv : map) {
        const QString key = QString::fromStdString(kv.first.Scalar());
        if (!keys.contains(key))
            fail(kv.first, QStringLiteral("unknown key '%1' in %2 (allowed: %3)")
                               .arg(key, where, keys.join(QStringLiteral(", "))));
    }
}

double YamlReader::number(const YAML::Node &node, const QString &what) const
{
    double v = 0;
    try {
        v = node.as<double>();
    } catch (const YAML::Exception &) {
        fail(node, QStringLiteral("%1 must be a number, not '%2'")
                       .arg(what, QString::fromStdString(node.Scalar())));
    }
    if (!std::isfinite(v)) fail(node, QStringLiteral("%1 must be a finite number").arg(what));
    return v;
}

double YamlReader::number(const YAML::Node &node, const QString &what, double min, double max) const
{
    const double v = number(node, what);
    if (v < min || v > max)
        fail(node, QStringLiteral("%1 must be between %2 and %3, not %4")
                       .arg(what)
                       .arg(min)
                       .arg(max)
                       .arg(v));
    return v;
}

bool YamlReader::boolean(const YAML::Node &node, const QString &what) const
{
    try {
        return node.as<bool>();
    } catch (const YAML::Exception &) {
        fail(node, QStringLiteral("%1 must be true or false").arg(what));
    }
}

QString YamlReader::text(const YAML::Node &node, const QString &what) const
{
    if (!node.IsScalar()) fail(node, QStringLiteral("%1 must be a single value").arg(what));
    return QString::fromStdString(node.Scalar());
}

} // namespace gr

#include "yamlinput.h"
#include "model/errors.h"

#include <cmath>
#include <map>
#include <set>
#include <yaml-cpp/depthguard.h>

namespace gr {

namespace {

// Deeper than any Gate Review file (policies nest 4 levels); checked without recursion limits
// of its own mattering, since the walk stops here.
constexpr int kMaxDepth = 64;

int lineOf(const YAML::Node &node)
{
    return node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
}

// Text that yaml-cpp would misread or reject with an unrelated message: UTF-16/UTF-32 and
// binary data. Named here so the message says what is actually wrong.
void refuseNonUtf8(const QByteArray &text, const QString &file, const QString &what)
{
    const bool utf16Bom = text.startsWith("\xFF\xFE") || text.startsWith("\xFE\xFF");
    const qsizetype nul = text.indexOf('\0');
    if (utf16Bom || (nul >= 0 && nul < 4))
        throw InputError(file, 1,
                         QStringLiteral("the %1 file is UTF-16 or UTF-32 encoded; save it as "
                                        "UTF-8, e.g. iconv -f UTF-16 -t UTF-8")
                             .arg(what));
    if (nul >= 0)
        throw InputError(
            file, text.left(nul).count('\n') + 1,
            QStringLiteral("the %1 file contains a NUL byte: binary data, not text").arg(what));
}

// yaml-cpp keeps every entry of a mapping that repeats a key, and lookups see only the first:
// "threshold: 0.3 ... threshold: 0.7" would silently use 0.3. Refused, naming both lines.
// Aliases point at nodes already visited (their mark repeats), which keeps "billion laughs"
// documents linear.
class YamlStructureCheck
{
public:
    YamlStructureCheck(const QString &file, const QString &what) : m_file(file), m_what(what) {}

    void check(const YAML::Node &node, int depth)
    {
        if (!node.IsMap() && !node.IsSequence()) return;
        if (depth > kMaxDepth)
            throw InputError(m_file, lineOf(node),
                             QStringLiteral("the %1 nests more than %2 levels deep: no Gate Review "
                                            "file needs that")
                                 .arg(m_what)
                                 .arg(kMaxDepth));
        if (!m_visited.insert(node.Mark().pos).second) return;
        if (node.IsSequence()) {
            for (const YAML::Node &item : node)
                check(item, depth + 1);
            return;
        }
        std::map<std::string, int> lines;
        for (const auto &kv : node) {
            if (kv.first.IsScalar()) {
                const auto [at, fresh] = lines.emplace(kv.first.Scalar(), lineOf(kv.first));
                if (!fresh)
                    throw InputError(m_file, lineOf(kv.first),
                                     QStringLiteral("duplicate key '%1' (first at line %2): "
                                                    "which value is meant?")
                                         .arg(QString::fromStdString(kv.first.Scalar()).left(60))
                                         .arg(at->second));
            }
            check(kv.first, depth + 1);
            check(kv.second, depth + 1);
        }
    }

private:
    const QString &m_file;
    const QString &m_what;
    std::set<int> m_visited;
};

} // namespace

YAML::Node parseYaml(const QByteArray &text, const QString &file, const QString &what)
{
    refuseNonUtf8(text, file, what);
    YAML::Node root;
    try {
        root = YAML::Load(text.toStdString());
    } catch (const YAML::DeepRecursion &e) {
        throw InputError(file, e.mark.line >= 0 ? e.mark.line + 1 : 0,
                         QStringLiteral("the %1 nests more than %2 levels deep: no Gate Review "
                                        "file needs that")
                             .arg(what)
                             .arg(kMaxDepth));
    } catch (const YAML::Exception &e) {
        throw InputError(
            file, e.mark.line >= 0 ? e.mark.line + 1 : 0,
            QStringLiteral("malformed %1: %2").arg(what, QString::fromStdString(e.msg)));
    }
    YamlStructureCheck(file, what).check(root, 0);
    return root;
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

#pragma once
// One way to read user-written YAML (policies, run metadata, dvc.lock): malformed YAML, unknown
// keys and values of the wrong type become InputError naming the file and the YAML line.
#include <QString>
#include <QStringList>
#include <yaml-cpp/yaml.h>

namespace gr {

// Parses `text`; malformed YAML (or JSON) throws InputError with the file and line.
YAML::Node parseYaml(const QByteArray &text, const QString &file,
                     const QString &what = QStringLiteral("YAML"));

// Base of the schema-checked readers: typed accessors whose every problem names its line.
class YamlReader
{
public:
    explicit YamlReader(QString file) : m_file(std::move(file)) {}

    [[noreturn]] void fail(const YAML::Node &node, const QString &problem) const;
    void requireMap(const YAML::Node &node, const QString &what) const;
    void allowOnly(const YAML::Node &map, const QStringList &keys, const QString &where) const;
    double number(const YAML::Node &node, const QString &what) const; // any finite number
    double number(const YAML::Node &node, const QString &what, double min, double max) const;
    bool boolean(const YAML::Node &node, const QString &what) const;
    QString text(const YAML::Node &node, const QString &what) const; // a scalar

protected:
    QString m_file;
};

} // namespace gr

#pragma once
// Small helpers for MLflow's YAML meta files: parse errors become InputError with the file and
// line, and missing keys read as empty strings.
#include <QString>
#include <yaml-cpp/yaml.h>

namespace gr::mlflowyaml {

// Throws InputError when the file is missing, unreadable, not YAML or not a mapping.
YAML::Node load(const QString &path);
// Parses meta.yaml text read from `path`; throws InputError unless it is a YAML mapping.
YAML::Node parse(const QByteArray &content, const QString &path);
QString text(const YAML::Node &map, const char *key);
QString readTextFile(const QString &path); // whole file, trailing newline kept as written

} // namespace gr::mlflowyaml

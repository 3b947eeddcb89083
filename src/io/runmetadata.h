#pragma once
// Run metadata sidecars: `<predictions>.run.yaml` / `.run.json` beside a prediction file, or
// `run.yaml` / `run.json` in a run folder. JSON is read by the same YAML parser (JSON is YAML).
#include "model/run.h"

namespace gr {

// Throws InputError naming the file and line of malformed YAML/JSON, an unknown key or a value
// of the wrong type.
RunMetadata loadRunMetadata(const QString &path);
RunMetadata parseRunMetadata(const QByteArray &text, const QString &displayName);

} // namespace gr

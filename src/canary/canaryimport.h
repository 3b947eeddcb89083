#pragma once
// Reading canary measurements: Prometheus HTTP API `query_range` responses (resultType matrix)
// and CSV files with the columns timestamp,variant,metric,value. Both throw InputError naming
// the file, the line when there is one, and what is wrong. Formats: docs/canary.md.
#include "canarydata.h"

namespace gr {

// How series name their variant and metric. Defaults match the PromQL in docs/canary.md; a
// KServe canary names its revisions instead, e.g. variant_label: revision_name.
struct CanaryLabels
{
    QString variantLabel = QStringLiteral("variant");
    QString baselineValue = QStringLiteral("baseline");
    QString canaryValue = QStringLiteral("canary");
    QString metricLabel = QStringLiteral("metric"); // falls back to __name__, then the file name

    // "baseline"/"canary" (and "champion"/"candidate") are always understood.
    std::optional<Variant> variantOf(const QString &value) const;
};

CanaryData readPrometheusMatrix(const QByteArray &json, const QString &displayName,
                                const CanaryLabels &labels = {});
CanaryData readCanaryCsv(const QByteArray &csv, const QString &displayName,
                         const CanaryLabels &labels = {});

// Picks the reader by content: a JSON object is a Prometheus response, anything else CSV.
CanaryData loadCanaryFile(const QString &path, const CanaryLabels &labels = {});
CanaryData loadCanaryFiles(const QStringList &paths, const CanaryLabels &labels = {});

} // namespace gr

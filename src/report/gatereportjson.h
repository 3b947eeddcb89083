#pragma once
// The gate report as JSON (schema "gatereview/gate-report/v1"), Markdown and plain text. JSON is
// what CI archives and what the decision log stores; Markdown is for job summaries and PRs.
#include "gate/gatereport.h"

#include <QJsonObject>

namespace gr {

inline constexpr const char *kGateReportSchema = "gatereview/gate-report/v1";

QJsonObject gateReportToJson(const GateReport &report);
QJsonObject modelMetricsToJson(const ModelMetrics &m);

// Markdown with user-provided text (run names, ids) escaped so it cannot break the layout.
QString gateReportToMarkdown(const GateReport &report);
QString escapeMarkdown(const QString &text);

// A few lines for the terminal: the verdict per layer, the key numbers and why.
QString gateReportToText(const GateReport &report);

} // namespace gr

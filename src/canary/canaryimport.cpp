#include "canaryimport.h"
#include "io/chunkedfile.h"
#include "model/errors.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <limits>

namespace gr {

std::optional<Variant> CanaryLabels::variantOf(const QString &value) const
{
    if (value == baselineValue || value == QLatin1String("baseline") ||
        value == QLatin1String("champion"))
        return Variant::Baseline;
    if (value == canaryValue || value == QLatin1String("canary") ||
        value == QLatin1String("candidate"))
        return Variant::Canary;
    return std::nullopt;
}

namespace {

qint64 lineAtOffset(const QByteArray &text, qsizetype offset)
{
    return offset < 0 ? 0 : text.left(offset).count('\n') + 1;
}

// QJsonDocument keeps no positions, so a problem in series i is located by the i-th "values"
// key after "result", which every series of a matrix has exactly once. One pass over the text
// finds them all with their line numbers (looking each one up from the start was quadratic).
std::vector<qint64> linesOfSeries(const QByteArray &json)
{
    std::vector<qint64> lines;
    qsizetype at = json.indexOf("\"result\"");
    if (at < 0) return lines;
    qint64 line = lineAtOffset(json, at);
    qsizetype counted = at;
    while ((at = json.indexOf("\"values\"", at + 1)) >= 0) {
        line += std::count(json.constBegin() + counted, json.constBegin() + at, '\n');
        counted = at;
        lines.push_back(line);
    }
    return lines;
}

// A histogram bucket of the prediction scores is named score or score_bucket, as Prometheus
// names a histogram's bucket series.
bool isScoreHistogramName(const QString &metric)
{
    return metric == canarymetric::score || metric == QLatin1String("score_bucket");
}

std::optional<double> parseBound(const QString &text)
{
    if (text == QLatin1String("+Inf") || text == QLatin1String("Inf") ||
        text == QLatin1String("inf"))
        return INFINITY;
    bool ok = false;
    const double v = text.toDouble(&ok);
    return ok && !std::isnan(v) ? std::optional<double>(v) : std::nullopt;
}

// A sample value as Prometheus writes it ("1.5", "NaN", "+Inf"), or nullopt when it is no number.
std::optional<double> parseSampleValue(const QString &text)
{
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (ok) return v;
    if (text.compare(QLatin1String("NaN"), Qt::CaseInsensitive) == 0)
        return std::numeric_limits<double>::quiet_NaN();
    return std::nullopt;
}

QString describeLabels(const QJsonObject &labels)
{
    QStringList parts;
    for (auto it = labels.begin(); it != labels.end(); ++it)
        parts << QStringLiteral("%1=\"%2\"").arg(it.key(), it.value().toString());
    return QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}

// One set of rules for every format (Prometheus JSON and CSV alike).
QString timestampProblem(double seconds)
{
    if (!(seconds >= 0 && seconds <= kMaxCanaryTimestamp))
        return QStringLiteral("timestamp %1 is outside 1970-01-01 .. 9999-12-31 (Unix seconds)")
            .arg(seconds, 0, 'g', 17);
    return {};
}

QString valueProblem(const QString &metric, double value, bool histogramBucket, const QString &text)
{
    const QString shown = text.isEmpty() ? QString::number(value, 'g', 17) : text;
    if (!std::isfinite(value))
        return QStringLiteral("value '%1' of %2 is not a finite number").arg(shown, metric);
    if ((isCountMetric(metric) || histogramBucket) && value < 0)
        return QStringLiteral("a %1 count cannot be negative (%2)").arg(metric, shown);
    if (metric == canarymetric::errorRate && !(value >= 0 && value <= 1))
        return QStringLiteral("error_rate %1 is not a share between 0 and 1").arg(shown);
    if (metric.startsWith(QLatin1String("latency")) && value < 0)
        return QStringLiteral("%1 cannot be negative (%2)").arg(metric, shown);
    return {};
}

} // namespace

CanaryData readPrometheusMatrix(const QByteArray &json, const QString &displayName,
                                const CanaryLabels &labels)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        throw InputError(displayName, lineAtOffset(json, parseError.offset),
                         QStringLiteral("malformed JSON: %1").arg(parseError.errorString()));
    const QJsonObject root = doc.object();
    if (!doc.isObject() || !root.contains(QStringLiteral("status")))
        throw InputError(
            displayName, 1,
            QStringLiteral(
                "not a Prometheus API response: expected {\"status\": ..., \"data\": {...}}"));
    if (root.value(QStringLiteral("status")).toString() != QLatin1String("success"))
        throw InputError(displayName, QStringLiteral("Prometheus answered status '%1': %2 %3")
                                          .arg(root.value(QStringLiteral("status")).toString(),
                                               root.value(QStringLiteral("errorType")).toString(),
                                               root.value(QStringLiteral("error")).toString()));
    const QJsonObject data = root.value(QStringLiteral("data")).toObject();
    const QString resultType = data.value(QStringLiteral("resultType")).toString();
    if (resultType != QLatin1String("matrix"))
        throw InputError(displayName, lineAtOffset(json, json.indexOf("\"resultType\"")),
                         QStringLiteral("resultType is '%1', expected 'matrix': save the response "
                                        "of /api/v1/query_range, not /api/v1/query")
                             .arg(resultType.isEmpty() ? QStringLiteral("missing") : resultType));
    if (!data.value(QStringLiteral("result")).isArray())
        throw InputError(displayName, lineAtOffset(json, json.indexOf("\"resultType\"")),
                         QStringLiteral("data.result must be a list of series"));

    CanaryData out;
    out.sources << displayName;
    const QJsonArray result = data.value(QStringLiteral("result")).toArray();
    const std::vector<qint64> seriesLines = linesOfSeries(json);
    QStringList ignored; // series of other revisions, e.g. older ones still in the window
    for (qsizetype i = 0; i < result.size(); ++i) {
        const qint64 line = size_t(i) < seriesLines.size() ? seriesLines[size_t(i)] : 0;
        const QJsonObject series = result.at(i).toObject();
        const QJsonObject seriesLabels = series.value(QStringLiteral("metric")).toObject();
        const QString where =
            QStringLiteral("series %1 %2").arg(i + 1).arg(describeLabels(seriesLabels));
        const QString variantValue = seriesLabels.value(labels.variantLabel).toString();
        const std::optional<Variant> variant = labels.variantOf(variantValue);
        if (variantValue.isEmpty())
            throw InputError(displayName, line,
                             QStringLiteral("%1 has no '%2' label: add it with label_replace() or "
                                            "set canary.source.variant_label")
                                 .arg(where, labels.variantLabel));
        if (!variant) { // e.g. an older revision of the same configuration still in the window
            const QString name = QStringLiteral("%1=\"%2\"").arg(labels.variantLabel, variantValue);
            if (!ignored.contains(name)) ignored << name;
            continue;
        }
        QString metric = seriesLabels.value(labels.metricLabel).toString();
        if (metric.isEmpty()) metric = seriesLabels.value(QStringLiteral("__name__")).toString();
        if (metric.isEmpty()) metric = QFileInfo(displayName).completeBaseName();
        std::optional<double> le;
        if (seriesLabels.contains(QStringLiteral("le"))) {
            if (!isScoreHistogramName(metric))
                throw InputError(
                    displayName, line,
                    QStringLiteral("%1 is a histogram bucket of '%2': only the prediction score "
                                   "may be a histogram; query latency with histogram_quantile()")
                        .arg(where, metric));
            le = parseBound(seriesLabels.value(QStringLiteral("le")).toString());
            if (!le)
                throw InputError(
                    displayName, line,
                    QStringLiteral("%1: le=\"%2\" is not a number")
                        .arg(where, seriesLabels.value(QStringLiteral("le")).toString()));
            metric = canarymetric::score;
        }
        const QJsonValue values = series.value(QStringLiteral("values"));
        if (!values.isArray())
            throw InputError(
                displayName, line,
                QStringLiteral("%1 has no \"values\" list of [timestamp, \"value\"] pairs")
                    .arg(where));
        const QJsonArray points = values.toArray();
        for (qsizetype j = 0; j < points.size(); ++j) {
            const QJsonArray point = points.at(j).toArray();
            const QString text = point.size() == 2 ? point.at(1).toString() : QString();
            const std::optional<double> v = parseSampleValue(text);
            const QString at = QStringLiteral("%1, point %2").arg(where).arg(j + 1);
            if (point.size() != 2 || !point.at(0).isDouble() || !v)
                throw InputError(displayName, line,
                                 QStringLiteral("%1: expected [unix_seconds, \"number\"]").arg(at));
            if (std::isnan(*v))
                continue; // Prometheus writes NaN for 0/0, e.g. an error ratio with no requests
            const double t = point.at(0).toDouble();
            if (const QString problem = timestampProblem(t); !problem.isEmpty())
                throw InputError(displayName, line, at + QStringLiteral(": ") + problem);
            if (const QString problem = valueProblem(metric, *v, le.has_value(), text);
                !problem.isEmpty())
                throw InputError(displayName, line, at + QStringLiteral(": ") + problem);
            CanaryObservation o{t, *variant, metric, *v, le, displayName, line};
            o.summarisesPrecedingStep = true;
            out.observations.push_back(std::move(o));
        }
    }
    if (!ignored.isEmpty())
        out.notes << QStringLiteral("%1: ignored the series of %2: neither the baseline ('%3') "
                                    "nor the canary ('%4')")
                         .arg(displayName, ignored.join(QStringLiteral(", ")), labels.baselineValue,
                              labels.canaryValue);
    if (out.observations.empty())
        out.notes
            << QStringLiteral(
                   "%1: no data points for the baseline or the canary (\"result\": [] or only "
                   "NaN); a count that never moved in the window, e.g. errors of a "
                   "revision that never answered 5xx, counts as 0")
                   .arg(displayName);
    return out;
}

namespace {

QStringList splitCsvLine(const QString &line)
{
    QStringList fields;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < line.size() && line.at(i + 1) == QLatin1Char('"'))
                field += c, ++i;
            else if (c == QLatin1Char('"'))
                quoted = false;
            else
                field += c;
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            fields << field.trimmed();
            field.clear();
        } else {
            field += c;
        }
    }
    fields << field.trimmed();
    return fields;
}

std::optional<double> parseTimestamp(const QString &text)
{
    bool ok = false;
    const double seconds = text.toDouble(&ok);
    if (ok) return std::isfinite(seconds) ? std::optional<double>(seconds) : std::nullopt;
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid()) return std::nullopt;
    if (t.timeSpec() == Qt::LocalTime) // no offset given: read it as UTC, like Prometheus
        t.setTimeSpec(Qt::UTC);
    return double(t.toMSecsSinceEpoch()) / 1000.0;
}

} // namespace

CanaryData readCanaryCsv(const QByteArray &csv, const QString &displayName,
                         const CanaryLabels &labels)
{
    static const QString kBucketPrefix = QStringLiteral("score_bucket_le_");
    const QStringList required = {QStringLiteral("timestamp"), QStringLiteral("variant"),
                                  QStringLiteral("metric"), QStringLiteral("value")};
    CanaryData out;
    out.sources << displayName;
    const QList<QByteArray> lines = csv.split('\n');
    QList<int> column; // column of each required field
    qsizetype headerSize = 0;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const qint64 lineNo = i + 1;
        const QString line = QString::fromUtf8(lines.at(i)).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) continue;
        const QStringList fields = splitCsvLine(line);
        if (column.isEmpty()) {
            for (const QString &name : required) {
                const int c = int(fields.indexOf(name));
                if (c < 0)
                    throw InputError(
                        displayName, lineNo,
                        QStringLiteral("the header must name the columns "
                                       "timestamp,variant,metric,value; '%1' is missing")
                            .arg(name));
                column << c;
            }
            headerSize = fields.size();
            continue;
        }
        if (fields.size() != headerSize)
            throw InputError(displayName, lineNo,
                             QStringLiteral("expected %1 fields as in the header "
                                            "(timestamp,variant,metric,value), found %2")
                                 .arg(headerSize)
                                 .arg(fields.size()));
        const std::optional<double> timestamp = parseTimestamp(fields.at(column[0]));
        if (!timestamp)
            throw InputError(
                displayName, lineNo,
                QStringLiteral("timestamp '%1' is neither Unix seconds nor an ISO 8601 date-time")
                    .arg(fields.at(column[0])));
        if (const QString problem = timestampProblem(*timestamp); !problem.isEmpty())
            throw InputError(displayName, lineNo, problem);
        const std::optional<Variant> variant = labels.variantOf(fields.at(column[1]));
        if (!variant)
            throw InputError(
                displayName, lineNo,
                QStringLiteral("variant '%1' is neither the baseline ('%2') nor the canary ('%3')")
                    .arg(fields.at(column[1]), labels.baselineValue, labels.canaryValue));
        QString metric = fields.at(column[2]);
        if (metric.isEmpty())
            throw InputError(displayName, lineNo, QStringLiteral("the metric name is empty"));
        bool ok = false;
        const double value = fields.at(column[3]).toDouble(&ok);
        if (!ok)
            throw InputError(displayName, lineNo,
                             QStringLiteral("value '%1' of %2 is not a finite number")
                                 .arg(fields.at(column[3]), metric));
        std::optional<double> le;
        if (metric.startsWith(kBucketPrefix)) {
            le = parseBound(metric.mid(kBucketPrefix.size()));
            if (!le)
                throw InputError(displayName, lineNo,
                                 QStringLiteral("'%1': the bucket bound after %2 is not a number")
                                     .arg(metric, kBucketPrefix));
            metric = canarymetric::score;
        }
        if (const QString problem =
                valueProblem(metric, value, le.has_value(), fields.at(column[3]));
            !problem.isEmpty())
            throw InputError(displayName, lineNo, problem);
        out.observations.push_back({*timestamp, *variant, metric, value, le, displayName, lineNo});
    }
    if (column.isEmpty())
        throw InputError(
            displayName,
            QStringLiteral("the file is empty: expected the header timestamp,variant,metric,value "
                           "and one row per measurement"));
    if (out.observations.empty())
        throw InputError(displayName, QStringLiteral("the file has a header but no measurements"));
    return out;
}

CanaryData loadCanaryFile(const QString &path, const CanaryLabels &labels)
{
    // Bounded, FIFO- and pipe-safe (a Prometheus answer piped in with <(curl ...) works).
    const QByteArray bytes = readInputFile(path, QStringLiteral("the canary data"));
    return bytes.trimmed().startsWith('{') ? readPrometheusMatrix(bytes, path, labels)
                                           : readCanaryCsv(bytes, path, labels);
}

CanaryData loadCanaryFiles(const QStringList &paths, const CanaryLabels &labels)
{
    CanaryData all;
    for (const QString &path : paths)
        all.append(loadCanaryFile(path, labels));
    if (all.observations.empty() && !paths.isEmpty())
        throw InputError(paths.join(QStringLiteral(", ")),
                         QStringLiteral("none of the canary data files holds a measurement of the "
                                        "baseline or the canary (check the queries' filters and "
                                        "time range)"));
    return all;
}

} // namespace gr

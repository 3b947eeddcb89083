#include "canarypolicy.h"
#include "io/chunkedfile.h"
#include "io/yamlinput.h"
#include "model/errors.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <yaml-cpp/yaml.h>

#include <cmath>

namespace gr {

QString toString(MetricDirection d)
{
    switch (d) {
    case MetricDirection::Increase:
        return QStringLiteral("increase");
    case MetricDirection::Decrease:
        return QStringLiteral("decrease");
    case MetricDirection::Either:
        break;
    }
    return QStringLiteral("either");
}

std::optional<double> parseDuration(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral("^\\s*([0-9]*\\.?[0-9]+)\\s*(ms|s|m|h)?\\s*$"));
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch()) return std::nullopt;
    const double n = m.captured(1).toDouble();
    const QString unit = m.captured(2);
    const double seconds = unit == QLatin1String("ms")  ? n / 1000
                           : unit == QLatin1String("m") ? n * 60
                           : unit == QLatin1String("h") ? n * 3600
                                                        : n;
    return seconds > 0 ? std::optional<double>(seconds) : std::nullopt;
}

QJsonObject CanaryPolicy::toJson() const
{
    QJsonArray metricList;
    for (const auto &m : metrics) {
        QJsonObject o{{QStringLiteral("name"), m.name},
                      {QStringLiteral("direction"), toString(m.direction)},
                      {QStringLiteral("critical"), m.critical},
                      {QStringLiteral("judge"), m.judge},
                      {QStringLiteral("weight"), m.weight}};
        if (m.absolute) o.insert(QStringLiteral("absolute"), *m.absolute);
        if (m.relative) o.insert(QStringLiteral("relative"), *m.relative);
        if (m.tolerance) o.insert(QStringLiteral("tolerance"), *m.tolerance);
        metricList.append(o);
    }
    QJsonObject predictionsJson{{QStringLiteral("enabled"), predictions.enabled},
                                {QStringLiteral("min_scores"), predictions.minScores}};
    if (predictions.psiMax)
        predictionsJson.insert(QStringLiteral("psi"),
                               QJsonObject{{QStringLiteral("max"), *predictions.psiMax},
                                           {QStringLiteral("bins"), predictions.psiBins}});
    if (predictions.ksAlpha)
        predictionsJson.insert(
            QStringLiteral("ks"),
            QJsonObject{{QStringLiteral("alpha"), *predictions.ksAlpha},
                        {QStringLiteral("min_statistic"), predictions.ksMinStatistic}});
    if (predictions.positiveThreshold)
        predictionsJson.insert(
            QStringLiteral("positive_rate"),
            QJsonObject{{QStringLiteral("threshold"), *predictions.positiveThreshold},
                        {QStringLiteral("max_diff"), predictions.positiveRateMaxDiff.value_or(0)}});
    return QJsonObject{
        {QStringLiteral("interval_seconds"), intervalSeconds},
        {QStringLiteral("failure_limit"), failureLimit},
        {QStringLiteral("inconclusive_limit"), inconclusiveLimit},
        {QStringLiteral("min_requests"), minRequests},
        {QStringLiteral("max_intervals"), maxIntervals},
        {QStringLiteral("metrics"), metricList},
        {QStringLiteral("judge"),
         QJsonObject{{QStringLiteral("enabled"), judge.enabled},
                     {QStringLiteral("confidence"), judge.confidence},
                     {QStringLiteral("tolerance"), judge.tolerance},
                     {QStringLiteral("pass_score"), judge.passScore},
                     {QStringLiteral("marginal_score"), judge.marginalScore},
                     {QStringLiteral("min_intervals"), judge.minIntervals}}},
        {QStringLiteral("predictions"), predictionsJson},
    };
}

namespace {

// Same conventions as the gate policy parser: every problem names its YAML line.
class CanaryPolicyParser : public YamlReader
{
public:
    using YamlReader::YamlReader;

    int count(const YAML::Node &node, const QString &what, int min) const
    {
        const double v = number(node, what, min, 1e9);
        if (v != std::floor(v)) fail(node, QStringLiteral("%1 must be a whole number").arg(what));
        return int(v);
    }

    CanaryMetricPolicy metric(const YAML::Node &item) const
    {
        requireMap(item, QStringLiteral("a canary metric"));
        allowOnly(item,
                  {QStringLiteral("name"), QStringLiteral("direction"), QStringLiteral("absolute"),
                   QStringLiteral("relative"), QStringLiteral("critical"), QStringLiteral("judge"),
                   QStringLiteral("weight"), QStringLiteral("tolerance")},
                  QStringLiteral("a canary metric"));
        if (!item["name"])
            fail(item,
                 QStringLiteral("a canary metric needs a name (e.g. error_rate, latency_p95)"));
        CanaryMetricPolicy m;
        m.name = text(item["name"], QStringLiteral("name"));
        if (m.name == canarymetric::score)
            fail(item["name"],
                 QStringLiteral(
                     "prediction scores are checked under canary.predictions, not as a metric"));
        if (const YAML::Node d = item["direction"]) {
            const QString dir = text(d, QStringLiteral("direction"));
            if (dir == QLatin1String("increase"))
                m.direction = MetricDirection::Increase;
            else if (dir == QLatin1String("decrease"))
                m.direction = MetricDirection::Decrease;
            else if (dir == QLatin1String("either"))
                m.direction = MetricDirection::Either;
            else
                fail(d, QStringLiteral(
                            "direction '%1' must be increase (higher is worse), decrease or either")
                            .arg(dir));
        }
        if (item["absolute"])
            m.absolute = number(item["absolute"], QStringLiteral("absolute"), -1e300, 1e300);
        if (item["relative"])
            m.relative = number(item["relative"], QStringLiteral("relative"), 0, 1e6);
        if (m.direction == MetricDirection::Either && m.absolute)
            fail(item["absolute"], QStringLiteral("an absolute limit needs direction increase or "
                                                  "decrease; use relative for either"));
        if (item["critical"]) m.critical = boolean(item["critical"], QStringLiteral("critical"));
        if (item["judge"]) m.judge = boolean(item["judge"], QStringLiteral("judge"));
        if (item["weight"]) m.weight = number(item["weight"], QStringLiteral("weight"), 0, 1e6);
        if (item["tolerance"])
            m.tolerance = number(item["tolerance"], QStringLiteral("tolerance"), 0, 1e6);
        if (!m.absolute && !m.relative && !m.judge)
            fail(item, QStringLiteral("metric '%1' has no limit and is not judged: give absolute, "
                                      "relative or judge: true")
                           .arg(m.name));
        return m;
    }

    CanaryPolicy parse(const YAML::Node &c) const
    {
        CanaryPolicy p;
        p.sourceFile = m_file;
        requireMap(c, QStringLiteral("canary"));
        allowOnly(c,
                  {QStringLiteral("interval"), QStringLiteral("failure_limit"),
                   QStringLiteral("inconclusive_limit"), QStringLiteral("min_requests"),
                   QStringLiteral("max_intervals"), QStringLiteral("source"),
                   QStringLiteral("metrics"), QStringLiteral("judge"),
                   QStringLiteral("predictions")},
                  QStringLiteral("canary"));
        if (const YAML::Node i = c["interval"]) {
            const std::optional<double> s = parseDuration(text(i, QStringLiteral("interval")));
            if (!s)
                fail(i, QStringLiteral("interval '%1' must be a duration such as 30s, 5m or 1h")
                            .arg(QString::fromStdString(i.Scalar())));
            p.intervalSeconds = *s;
        }
        if (c["failure_limit"])
            p.failureLimit = count(c["failure_limit"], QStringLiteral("failure_limit"), 0);
        if (c["inconclusive_limit"])
            p.inconclusiveLimit =
                count(c["inconclusive_limit"], QStringLiteral("inconclusive_limit"), 0);
        if (c["max_intervals"])
            p.maxIntervals = count(c["max_intervals"], QStringLiteral("max_intervals"), 1);
        if (c["min_requests"])
            p.minRequests = number(c["min_requests"], QStringLiteral("min_requests"), 0, 1e15);
        if (const YAML::Node s = c["source"]) {
            requireMap(s, QStringLiteral("canary.source"));
            allowOnly(s,
                      {QStringLiteral("variant_label"), QStringLiteral("baseline"),
                       QStringLiteral("canary"), QStringLiteral("metric_label")},
                      QStringLiteral("canary.source"));
            if (s["variant_label"])
                p.labels.variantLabel = text(s["variant_label"], QStringLiteral("variant_label"));
            if (s["baseline"])
                p.labels.baselineValue = text(s["baseline"], QStringLiteral("baseline"));
            if (s["canary"]) p.labels.canaryValue = text(s["canary"], QStringLiteral("canary"));
            if (s["metric_label"])
                p.labels.metricLabel = text(s["metric_label"], QStringLiteral("metric_label"));
        }
        if (const YAML::Node list = c["metrics"]) {
            if (!list.IsSequence())
                fail(list, QStringLiteral("canary.metrics must be a list of {name, direction, "
                                          "absolute|relative, critical}"));
            for (const auto &item : list) {
                const CanaryMetricPolicy m = metric(item);
                for (const auto &other : p.metrics)
                    if (other.name == m.name)
                        fail(item, QStringLiteral("metric '%1' is listed twice").arg(m.name));
                p.metrics.append(m);
            }
        }
        if (const YAML::Node j = c["judge"]) {
            requireMap(j, QStringLiteral("canary.judge"));
            allowOnly(j,
                      {QStringLiteral("enabled"), QStringLiteral("confidence"),
                       QStringLiteral("tolerance"), QStringLiteral("pass_score"),
                       QStringLiteral("marginal_score"), QStringLiteral("min_intervals")},
                      QStringLiteral("canary.judge"));
            if (j["enabled"]) p.judge.enabled = boolean(j["enabled"], QStringLiteral("enabled"));
            if (j["confidence"])
                p.judge.confidence =
                    number(j["confidence"], QStringLiteral("confidence"), 0.5, 0.9999);
            if (j["tolerance"])
                p.judge.tolerance = number(j["tolerance"], QStringLiteral("tolerance"), 0, 1e6);
            if (j["pass_score"])
                p.judge.passScore = number(j["pass_score"], QStringLiteral("pass_score"), 0, 100);
            if (j["marginal_score"])
                p.judge.marginalScore =
                    number(j["marginal_score"], QStringLiteral("marginal_score"), 0, 100);
            if (j["min_intervals"])
                p.judge.minIntervals =
                    count(j["min_intervals"], QStringLiteral("min_intervals"), 2);
            if (p.judge.marginalScore > p.judge.passScore)
                fail(j, QStringLiteral("marginal_score (%1) must not exceed pass_score (%2)")
                            .arg(p.judge.marginalScore)
                            .arg(p.judge.passScore));
        }
        if (const YAML::Node pr = c["predictions"]) {
            requireMap(pr, QStringLiteral("canary.predictions"));
            allowOnly(pr,
                      {QStringLiteral("min_scores"), QStringLiteral("psi"), QStringLiteral("ks"),
                       QStringLiteral("positive_rate")},
                      QStringLiteral("canary.predictions"));
            p.predictions.enabled = true;
            if (pr["min_scores"])
                p.predictions.minScores =
                    number(pr["min_scores"], QStringLiteral("min_scores"), 1, 1e15);
            if (const YAML::Node psi = pr["psi"]) {
                requireMap(psi, QStringLiteral("predictions.psi"));
                allowOnly(psi, {QStringLiteral("max"), QStringLiteral("bins")},
                          QStringLiteral("predictions.psi"));
                if (!psi["max"])
                    fail(psi,
                         QStringLiteral(
                             "predictions.psi needs max (0.1 is a small shift, 0.25 a large one)"));
                p.predictions.psiMax = number(psi["max"], QStringLiteral("psi.max"), 0, 100);
                if (psi["bins"])
                    p.predictions.psiBins = count(psi["bins"], QStringLiteral("psi.bins"), 2);
            }
            if (const YAML::Node ks = pr["ks"]) {
                requireMap(ks, QStringLiteral("predictions.ks"));
                allowOnly(ks, {QStringLiteral("alpha"), QStringLiteral("min_statistic")},
                          QStringLiteral("predictions.ks"));
                p.predictions.ksAlpha =
                    ks["alpha"] ? number(ks["alpha"], QStringLiteral("ks.alpha"), 1e-12, 0.5)
                                : 0.01;
                if (ks["min_statistic"])
                    p.predictions.ksMinStatistic =
                        number(ks["min_statistic"], QStringLiteral("ks.min_statistic"), 0, 1);
            }
            if (const YAML::Node pos = pr["positive_rate"]) {
                requireMap(pos, QStringLiteral("predictions.positive_rate"));
                allowOnly(pos, {QStringLiteral("threshold"), QStringLiteral("max_diff")},
                          QStringLiteral("predictions.positive_rate"));
                if (!pos["threshold"] || !pos["max_diff"])
                    fail(pos,
                         QStringLiteral("predictions.positive_rate needs threshold and max_diff"));
                p.predictions.positiveThreshold = number(
                    pos["threshold"], QStringLiteral("positive_rate.threshold"), -1e300, 1e300);
                p.predictions.positiveRateMaxDiff =
                    number(pos["max_diff"], QStringLiteral("positive_rate.max_diff"), 0, 1);
            }
        }
        if (p.metrics.isEmpty() && !p.predictions.enabled)
            fail(c, QStringLiteral(
                        "canary needs metrics, predictions or both: nothing would be checked"));
        return p;
    }
};

} // namespace

CanaryPolicy parseCanaryPolicy(const QByteArray &yaml, const QString &displayName)
{
    const YAML::Node root = parseYaml(yaml, displayName);
    if (!root.IsMap() || !root["canary"])
        throw InputError(displayName,
                         QStringLiteral("the policy has no canary: section (see docs/canary.md)"));
    return CanaryPolicyParser(displayName).parse(root["canary"]);
}

CanaryPolicy loadCanaryPolicy(const QString &path)
{
    return parseCanaryPolicy(readInputFile(path, QStringLiteral("the policy")), path);
}

} // namespace gr

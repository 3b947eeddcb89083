#include "gatepolicy.h"
#include "io/chunkedfile.h"
#include "io/yamlinput.h"
#include "metrics/modelmetrics.h"
#include "model/errors.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <yaml-cpp/yaml.h>

#include <cmath>

namespace gr {

namespace {

template <typename T> bool compare(const QString &op, const T &actual, const T &limit)
{
    if (op == QLatin1String(">")) return actual > limit;
    if (op == QLatin1String(">=")) return actual >= limit;
    if (op == QLatin1String("<")) return actual < limit;
    return actual <= limit;
}

QJsonValue checkLimitJson(const ThresholdCheck &c)
{
    return c.metric == QLatin1String("net_benefit") ? c.money.toJson() : QJsonValue(c.value);
}

} // namespace

bool ThresholdCheck::holds(const MetricValue &actual) const
{
    if (!actual.isDefined()) return false;
    if (actual.money) return compare(op, *actual.money, money); // exact
    if (std::isnan(actual.value)) return false;
    return compare(op, actual.value, value);
}

QString ThresholdCheck::describe(const QString &currency) const
{
    return QStringLiteral("%1 %2 %3")
        .arg(metric, op,
             metric == QLatin1String("net_benefit") ? formatMoney(money, currency)
                                                    : QString::number(value, 'g', 10));
}

GatePolicy GatePolicy::defaults()
{
    GatePolicy p;
    ThresholdCheck f1{QStringLiteral("f1"), QStringLiteral(">"), 0.20, {}};
    ThresholdCheck nb{QStringLiteral("net_benefit"), QStringLiteral(">"), 40000,
                      Money::fromUnits(40000)};
    p.registration = {f1, nb};
    return p;
}

QJsonObject GatePolicy::toJson() const
{
    QJsonArray reg;
    for (const auto &c : registration)
        reg.append(QJsonObject{{QStringLiteral("metric"), c.metric},
                               {QStringLiteral("op"), c.op},
                               {QStringLiteral("value"), checkLimitJson(c)}});
    QJsonObject json{
        {QStringLiteral("version"), version},
        {QStringLiteral("metric"), metric},
        {QStringLiteral("currency"), currency},
        {QStringLiteral("value"), QJsonObject{{QStringLiteral("tp"), values.tp.toJson()},
                                              {QStringLiteral("fp"), values.fp.toJson()},
                                              {QStringLiteral("fn"), values.fn.toJson()},
                                              {QStringLiteral("tn"), values.tn.toJson()}}},
        {QStringLiteral("registration"), reg},
        {QStringLiteral("challenge"),
         QJsonObject{{QStringLiteral("strictly_better"), strictlyBetter},
                     {QStringLiteral("min_delta"), minDelta.toJson()},
                     {QStringLiteral("min_test_rows"), double(minTestRows)},
                     {QStringLiteral("require_significance"), requireSignificance}}},
        {QStringLiteral("bootstrap"),
         QJsonObject{{QStringLiteral("resamples"), bootstrap.resamples},
                     {QStringLiteral("seed"), double(bootstrap.seed)},
                     {QStringLiteral("level"), bootstrap.level}}},
    };
    // Only a policy that sets segments carries them, so every other policy keeps its hash.
    if (segments != SegmentSettings()) json.insert(QStringLiteral("segments"), segments.toJson());
    return json;
}

QString GatePolicy::sha256() const
{
    const QByteArray json = QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
    return sha256Hex(json.constData(), size_t(json.size()));
}

QString formatMoney(double dollars, const QString &currency)
{
    // Cents of amounts beyond 2^53 are not representable anyway: print those in 'g' notation.
    if (!std::isfinite(dollars) || std::abs(dollars) >= 9e15)
        return (dollars < 0 ? QStringLiteral("−") : QString()) +
               (currency == QLatin1String("USD") ? QStringLiteral("$")
                                                 : currency + QLatin1Char(' ')) +
               QString::number(std::abs(dollars), 'g', 6);
    const int64_t cents = int64_t(std::round(dollars * 100));
    return formatMoney(Money::fromMicros(cents * (Money::kMicrosPerUnit / 100)), currency);
}

namespace {

class PolicyParser : public YamlReader
{
public:
    using YamlReader::YamlReader;

    Money money(const YAML::Node &node, const QString &what) const
    {
        QString why;
        const QString text = this->text(node, what);
        const std::optional<Money> m = Money::parse(text, &why);
        if (!m) fail(node, QStringLiteral("%1 '%2' %3").arg(what, text, why));
        return *m;
    }

    // An integer field: refuses 1.5 and values outside [min, max] instead of truncating them.
    int64_t wholeNumber(const YAML::Node &node, const QString &what, int64_t min, int64_t max) const
    {
        const double v = number(node, what);
        if (v != std::floor(v))
            fail(node, QStringLiteral("%1 must be a whole number, not %2")
                           .arg(what, QString::fromStdString(node.Scalar())));
        if (v < double(min) || v > double(max))
            fail(node, QStringLiteral("%1 must be from %2 to %3, not %4")
                           .arg(what, formatCount(min), formatCount(max),
                                QString::fromStdString(node.Scalar())));
        return int64_t(v);
    }

    QString metricName(const YAML::Node &node) const
    {
        const QString m = text(node, QStringLiteral("metric"));
        if (!metricNames().contains(m))
            fail(node, QStringLiteral("unknown metric '%1' (known: %2)")
                           .arg(m, metricNames().join(QStringLiteral(", "))));
        return m;
    }

    QStringList names(const YAML::Node &node, const QString &what) const
    {
        if (!node.IsSequence())
            fail(node, QStringLiteral("%1 must be a list of column names").arg(what));
        QStringList list;
        for (const auto &item : node)
            list << text(item, what);
        return list;
    }

    SegmentSettings segmentSettings(const YAML::Node &s) const
    {
        SegmentSettings out;
        requireMap(s, QStringLiteral("segments"));
        allowOnly(s,
                  {QStringLiteral("include"), QStringLiteral("exclude"), QStringLiteral("top_k"),
                   QStringLiteral("max_level"), QStringLiteral("alpha"),
                   QStringLiteral("min_support"), QStringLiteral("numeric_bins"),
                   QStringLiteral("max_categories"), QStringLiteral("fdr")},
                  QStringLiteral("segments"));
        if (s["include"]) out.include = names(s["include"], QStringLiteral("segments.include"));
        if (s["exclude"]) out.exclude = names(s["exclude"], QStringLiteral("segments.exclude"));
        if (s["top_k"]) out.topK = int(wholeNumber(s["top_k"], QStringLiteral("top_k"), 1, 100));
        if (s["max_level"])
            out.maxLevel = int(wholeNumber(s["max_level"], QStringLiteral("max_level"), 1, 3));
        if (s["alpha"]) {
            out.alpha = number(s["alpha"], QStringLiteral("alpha"));
            if (!(out.alpha > 0 && out.alpha <= 1))
                fail(s["alpha"], QStringLiteral("alpha must be in (0, 1], e.g. 0.95"));
        }
        if (s["min_support"])
            out.minSupport =
                wholeNumber(s["min_support"], QStringLiteral("min_support"), 1, 4'000'000'000);
        if (s["numeric_bins"])
            out.numericBins =
                int(wholeNumber(s["numeric_bins"], QStringLiteral("numeric_bins"), 2, 20));
        if (s["max_categories"])
            out.maxCategories =
                int(wholeNumber(s["max_categories"], QStringLiteral("max_categories"), 2, 200));
        if (s["fdr"]) {
            out.fdr = number(s["fdr"], QStringLiteral("fdr"));
            if (!(out.fdr > 0 && out.fdr < 1))
                fail(s["fdr"], QStringLiteral("fdr must be between 0 and 1, e.g. 0.05"));
        }
        return out;
    }

    GatePolicy parse(const YAML::Node &root) const
    {
        GatePolicy p = GatePolicy::defaults();
        if (!root || root.IsNull()) return p;
        requireMap(root, QStringLiteral("the policy"));
        allowOnly(root,
                  {QStringLiteral("version"), QStringLiteral("metric"), QStringLiteral("currency"),
                   QStringLiteral("value"), QStringLiteral("registration"),
                   QStringLiteral("challenge"), QStringLiteral("bootstrap"),
                   QStringLiteral("canary"), QStringLiteral("segments")},
                  QStringLiteral("the policy"));
        if (root["version"]) {
            p.version = int(wholeNumber(root["version"], QStringLiteral("version"), 0, 1'000'000));
            if (p.version != 1)
                fail(root["version"],
                     QStringLiteral(
                         "policy version %1 is not supported (this build reads version 1)")
                         .arg(p.version));
        }
        if (root["metric"]) p.metric = metricName(root["metric"]);
        if (root["currency"]) p.currency = text(root["currency"], QStringLiteral("currency"));
        if (const YAML::Node v = root["value"]) {
            requireMap(v, QStringLiteral("value"));
            allowOnly(v,
                      {QStringLiteral("tp"), QStringLiteral("fp"), QStringLiteral("fn"),
                       QStringLiteral("tn")},
                      QStringLiteral("value"));
            if (v["tp"]) p.values.tp = money(v["tp"], QStringLiteral("value.tp"));
            if (v["fp"]) p.values.fp = money(v["fp"], QStringLiteral("value.fp"));
            if (v["fn"]) p.values.fn = money(v["fn"], QStringLiteral("value.fn"));
            if (v["tn"]) p.values.tn = money(v["tn"], QStringLiteral("value.tn"));
        }
        if (const YAML::Node reg = root["registration"]) {
            if (!reg.IsSequence() && !reg.IsNull())
                fail(reg,
                     QStringLiteral("registration must be a list of {metric, op, value} checks"));
            p.registration.clear();
            for (const auto &item : reg) {
                requireMap(item, QStringLiteral("a registration check"));
                allowOnly(item,
                          {QStringLiteral("metric"), QStringLiteral("op"), QStringLiteral("value")},
                          QStringLiteral("a registration check"));
                if (!item["metric"] || !item["op"] || !item["value"])
                    fail(item, QStringLiteral("a registration check needs metric, op and value"));
                ThresholdCheck c;
                c.metric = metricName(item["metric"]);
                c.op = text(item["op"], QStringLiteral("op"));
                if (!QStringList{QStringLiteral(">"), QStringLiteral(">="), QStringLiteral("<"),
                                 QStringLiteral("<=")}
                         .contains(c.op))
                    fail(item["op"],
                         QStringLiteral("unknown operator '%1' (use >, >=, < or <=)").arg(c.op));
                if (c.metric == QLatin1String("net_benefit")) {
                    c.money = money(item["value"], QStringLiteral("value"));
                    c.value = c.money.toDouble();
                } else {
                    c.value = number(item["value"], QStringLiteral("value"));
                    const auto [low, high] = *metricRange(c.metric);
                    if (c.value < low || c.value > high)
                        fail(item["value"],
                             QStringLiteral("%1 lies in [%2, %3]: a limit of %4 is outside its "
                                            "range")
                                 .arg(c.metric)
                                 .arg(low)
                                 .arg(high)
                                 .arg(QString::fromStdString(item["value"].Scalar())));
                }
                p.registration.append(c);
            }
        }
        if (const YAML::Node ch = root["challenge"]) {
            requireMap(ch, QStringLiteral("challenge"));
            allowOnly(ch,
                      {QStringLiteral("strictly_better"), QStringLiteral("min_delta"),
                       QStringLiteral("min_test_rows"), QStringLiteral("require_significance")},
                      QStringLiteral("challenge"));
            if (ch["strictly_better"] &&
                !boolean(ch["strictly_better"], QStringLiteral("strictly_better")))
                fail(ch["strictly_better"], QStringLiteral("strictly_better: false is not allowed: "
                                                           "a tie always goes to the champion"));
            if (ch["min_delta"]) {
                p.minDelta = money(ch["min_delta"], QStringLiteral("min_delta"));
                if (p.minDelta.isNegative())
                    fail(ch["min_delta"],
                         QStringLiteral(
                             "min_delta must be >= 0: a worse candidate is never promoted"));
            }
            if (ch["min_test_rows"])
                p.minTestRows = wholeNumber(ch["min_test_rows"], QStringLiteral("min_test_rows"), 1,
                                            1'000'000'000);
            if (ch["require_significance"])
                p.requireSignificance =
                    boolean(ch["require_significance"], QStringLiteral("require_significance"));
        }
        if (p.requireSignificance && p.metric != QLatin1String("net_benefit"))
            fail(root["challenge"],
                 QStringLiteral("require_significance tests the net-benefit difference; "
                                "it needs metric: net_benefit"));
        if (const YAML::Node b = root["bootstrap"]) {
            requireMap(b, QStringLiteral("bootstrap"));
            allowOnly(
                b, {QStringLiteral("resamples"), QStringLiteral("seed"), QStringLiteral("level")},
                QStringLiteral("bootstrap"));
            if (b["resamples"]) {
                const double r = number(b["resamples"], QStringLiteral("resamples"));
                if (r < 100 || r > 10'000'000 || r != std::floor(r))
                    fail(b["resamples"],
                         QStringLiteral("resamples must be a whole number from 100 to 10,000,000"));
                p.bootstrap.resamples = int(r);
            }
            if (b["seed"]) {
                const double s = number(b["seed"], QStringLiteral("seed"));
                if (s < 0 || s != std::floor(s) || s > 9007199254740992.0)
                    fail(b["seed"], QStringLiteral("seed must be a non-negative whole number"));
                p.bootstrap.seed = uint64_t(s);
            }
            if (b["level"]) {
                p.bootstrap.level = number(b["level"], QStringLiteral("level"));
                if (p.bootstrap.level <= 0.5 || p.bootstrap.level >= 1)
                    fail(b["level"], QStringLiteral("level must be between 0.5 and 1, e.g. 0.95"));
            }
        }
        if (const YAML::Node s = root["segments"]) p.segments = segmentSettings(s);
        if (const YAML::Node c = root["canary"]; c && !c.IsMap())
            fail(c, QStringLiteral("canary must be a mapping"));
        return p;
    }
};

} // namespace

GatePolicy parseGatePolicy(const QByteArray &yaml, const QString &displayName)
{
    GatePolicy p = PolicyParser(displayName).parse(parseYaml(yaml, displayName));
    p.sourceFile = displayName;
    p.sourceSha256 = sha256Hex(yaml.constData(), size_t(yaml.size()));
    return p;
}

GatePolicy loadGatePolicy(const QString &path)
{
    return parseGatePolicy(readInputFile(path, QStringLiteral("the policy")), path);
}

} // namespace gr

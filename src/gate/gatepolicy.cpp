#include "gatepolicy.h"
#include "io/chunkedfile.h"
#include "io/yamlinput.h"
#include "metrics/modelmetrics.h"
#include "model/errors.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <yaml-cpp/yaml.h>

#include <cmath>

namespace gr {

bool ThresholdCheck::holds(double actual) const
{
    if (std::isnan(actual)) return false;
    if (op == QLatin1String(">")) return actual > value;
    if (op == QLatin1String(">=")) return actual >= value;
    if (op == QLatin1String("<")) return actual < value;
    return actual <= value;
}

QString ThresholdCheck::describe() const
{
    return QStringLiteral("%1 %2 %3").arg(metric, op, QString::number(value, 'g', 10));
}

GatePolicy GatePolicy::defaults()
{
    GatePolicy p;
    p.registration = {{QStringLiteral("f1"), QStringLiteral(">"), 0.20},
                      {QStringLiteral("net_benefit"), QStringLiteral(">"), 40000}};
    return p;
}

QJsonObject GatePolicy::toJson() const
{
    QJsonArray reg;
    for (const auto &c : registration)
        reg.append(QJsonObject{{QStringLiteral("metric"), c.metric},
                               {QStringLiteral("op"), c.op},
                               {QStringLiteral("value"), c.value}});
    return QJsonObject{
        {QStringLiteral("version"), version},
        {QStringLiteral("metric"), metric},
        {QStringLiteral("currency"), currency},
        {QStringLiteral("value"), QJsonObject{{QStringLiteral("tp"), values.tp},
                                              {QStringLiteral("fp"), values.fp},
                                              {QStringLiteral("fn"), values.fn},
                                              {QStringLiteral("tn"), values.tn}}},
        {QStringLiteral("registration"), reg},
        {QStringLiteral("challenge"),
         QJsonObject{{QStringLiteral("strictly_better"), strictlyBetter},
                     {QStringLiteral("min_delta"), minDelta},
                     {QStringLiteral("require_significance"), requireSignificance}}},
        {QStringLiteral("bootstrap"),
         QJsonObject{{QStringLiteral("resamples"), bootstrap.resamples},
                     {QStringLiteral("seed"), double(bootstrap.seed)},
                     {QStringLiteral("level"), bootstrap.level}}},
    };
}

QString GatePolicy::sha256() const
{
    const QByteArray json = QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
    return sha256Hex(json.constData(), size_t(json.size()));
}

QString formatCount(qint64 count)
{
    QString digits = QString::number(count < 0 ? -count : count);
    for (int i = int(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(i, QLatin1Char(','));
    return (count < 0 ? QStringLiteral("−") : QString()) + digits;
}

QString formatMoney(double dollars, const QString &currency)
{
    const QString symbol =
        currency == QLatin1String("USD") ? QStringLiteral("$") : currency + QLatin1Char(' ');
    const double magnitude = std::abs(dollars);
    QString text;
    if (std::abs(magnitude - std::round(magnitude)) < 1e-9) {
        text = formatCount(qint64(std::round(magnitude)));
    } else {
        const qint64 cents = qint64(std::round(magnitude * 100));
        text = formatCount(cents / 100) +
               QStringLiteral(".%1").arg(cents % 100, 2, 10, QLatin1Char('0'));
    }
    return (dollars < 0 ? QStringLiteral("−") : QString()) + symbol + text;
}

namespace {

class PolicyParser : public YamlReader
{
public:
    using YamlReader::YamlReader;

    QString metricName(const YAML::Node &node) const
    {
        const QString m = text(node, QStringLiteral("metric"));
        if (!metricNames().contains(m))
            fail(node, QStringLiteral("unknown metric '%1' (known: %2)")
                           .arg(m, metricNames().join(QStringLiteral(", "))));
        return m;
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
                   QStringLiteral("canary")},
                  QStringLiteral("the policy"));
        if (root["version"]) {
            p.version = int(number(root["version"], QStringLiteral("version")));
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
            if (v["tp"]) p.values.tp = number(v["tp"], QStringLiteral("value.tp"));
            if (v["fp"]) p.values.fp = number(v["fp"], QStringLiteral("value.fp"));
            if (v["fn"]) p.values.fn = number(v["fn"], QStringLiteral("value.fn"));
            if (v["tn"]) p.values.tn = number(v["tn"], QStringLiteral("value.tn"));
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
                c.value = number(item["value"], QStringLiteral("value"));
                p.registration.append(c);
            }
        }
        if (const YAML::Node ch = root["challenge"]) {
            requireMap(ch, QStringLiteral("challenge"));
            allowOnly(ch,
                      {QStringLiteral("strictly_better"), QStringLiteral("min_delta"),
                       QStringLiteral("require_significance")},
                      QStringLiteral("challenge"));
            if (ch["strictly_better"] &&
                !boolean(ch["strictly_better"], QStringLiteral("strictly_better")))
                fail(ch["strictly_better"], QStringLiteral("strictly_better: false is not allowed: "
                                                           "a tie always goes to the champion"));
            if (ch["min_delta"]) {
                p.minDelta = number(ch["min_delta"], QStringLiteral("min_delta"));
                if (p.minDelta < 0)
                    fail(ch["min_delta"],
                         QStringLiteral(
                             "min_delta must be >= 0: a worse candidate is never promoted"));
            }
            if (ch["require_significance"])
                p.requireSignificance =
                    boolean(ch["require_significance"], QStringLiteral("require_significance"));
        }
        if (p.requireSignificance && p.metric != QLatin1String("net_benefit"))
            fail(root["challenge"],
                 QStringLiteral("require_significance uses the bootstrap interval of net benefit; "
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
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw InputError(path, QStringLiteral("cannot open the policy: %1").arg(f.errorString()));
    return parseGatePolicy(f.readAll(), path);
}

} // namespace gr

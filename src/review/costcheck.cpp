#include "costcheck.h"

namespace gr {

QStringList costParamWarnings(const RunMetadata &meta, const GatePolicy &policy,
                              const QString &side)
{
    struct CellName
    {
        const char *key;
        const char *words;
        Money policyValue;
    };
    const CellName cells[] = {{"tp", "true positive", policy.values.tp},
                              {"fp", "false positive", policy.values.fp},
                              {"fn", "false negative", policy.values.fn},
                              {"tn", "true negative", policy.values.tn}};
    const QString policyName = policy.sourceFile.isEmpty()
                                   ? QStringLiteral("the built-in default policy")
                                   : QStringLiteral("policy %1").arg(policy.sourceFile);
    QStringList warnings;
    for (const CellName &cell : cells) {
        const QString param =
            QStringLiteral("cost.%1_%2").arg(QLatin1String(cell.key), policy.currency.toLower());
        const auto it = meta.params.constFind(param);
        if (it == meta.params.constEnd()) continue;
        const std::optional<Money> logged = Money::parse(it->trimmed());
        if (!logged) {
            warnings << QStringLiteral("The %1 run logs %2 = '%3', which is not a number; the "
                                       "dollars use %4's %5 value %6.")
                            .arg(side, param, *it, policyName, QLatin1String(cell.words),
                                 formatMoney(cell.policyValue, policy.currency));
            continue;
        }
        // Exact comparison on purpose: any difference changes the dollars.
        if (*logged != cell.policyValue)
            warnings << QStringLiteral("The %1 run logs %2 = %3 but %4 values a %5 at %6: the "
                                       "dollars shown use the policy's value.")
                            .arg(side, param, formatMoney(*logged, policy.currency), policyName,
                                 QLatin1String(cell.words),
                                 formatMoney(cell.policyValue, policy.currency));
    }
    return warnings;
}

} // namespace gr

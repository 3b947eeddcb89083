#include "exactcents.h"
#include "gate/gatepolicy.h"

#include <cmath>

namespace gr {

std::optional<int64_t> toCents(double dollars)
{
    const double cents = dollars * 100;
    if (!std::isfinite(cents) || std::abs(cents) > 9e15) return std::nullopt;
    const double whole = std::round(cents);
    // Decimal values such as 0.29 are not exact in binary; a whole cent within 1e-6 is meant.
    if (std::abs(cents - whole) > 1e-6) return std::nullopt;
    return int64_t(whole);
}

std::optional<int64_t> toCents(Money amount)
{
    constexpr int64_t kMicrosPerCent = Money::kMicrosPerUnit / 100;
    if (amount.micros() % kMicrosPerCent != 0) return std::nullopt;
    return amount.micros() / kMicrosPerCent;
}

std::optional<CentValues> CentValues::of(const CellValues &v)
{
    const auto tp = toCents(v.tp), fp = toCents(v.fp), fn = toCents(v.fn), tn = toCents(v.tn);
    if (!tp || !fp || !fn || !tn) return std::nullopt;
    return CentValues{*tp, *fp, *fn, *tn};
}

double centsToDollars(WideCents cents)
{
    return double(cents / 100) + double(cents % 100) / 100.0;
}

QString formatCents(WideCents cents, const QString &currency)
{
    return formatMoney(centsToDollars(cents), currency);
}

} // namespace gr

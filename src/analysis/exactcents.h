#pragma once
// Exact dollar arithmetic for the cost-grid what-ifs: a policy's cell values as whole cents
// (int64), counts x cents summed in 128 bits, so a verdict over 10M rows is decided exactly and a
// tie is a tie. A value that is not a whole number of cents is rejected (the policy file would have
// to say "12.345" for that).
#include "metrics/confusion.h"
#include "model/money.h"

#include <cstdint>
#include <optional>
#include <QString>

namespace gr {

__extension__ typedef __int128 WideCents; // -Wpedantic: a GCC/Clang extension, on purpose

// dollars x 100 when that is a whole number within +-9e15 cents; nullopt otherwise.
std::optional<int64_t> toCents(double dollars);
// The exact amount in whole cents; nullopt when it has a fraction of a cent.
std::optional<int64_t> toCents(Money amount);

struct CentValues
{
    int64_t tp = 0, fp = 0, fn = 0, tn = 0;
    static std::optional<CentValues> of(const CellValues &values);
    WideCents netBenefit(const Confusion &c) const
    {
        return WideCents(tp) * c.tp + WideCents(fp) * c.fp + WideCents(fn) * c.fn +
               WideCents(tn) * c.tn;
    }
};

double centsToDollars(WideCents cents);
QString formatCents(WideCents cents, const QString &currency = QStringLiteral("USD"));

} // namespace gr

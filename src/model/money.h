#pragma once
// Exact money: an amount of the policy's currency held as a whole number of micro-units
// (1 unit = 1,000,000 micro-units, so "$32.10" is 32,100,000). Sums, differences and
// count x value products are exact and overflow-checked (128-bit intermediates); a result
// outside the range throws MoneyOverflow instead of wrapping. Ties are therefore decided
// exactly: two amounts are equal only when they are the same decimal.
//
// Range: |amount| <= 9,223,372,036,854.775807 units (INT64_MAX micro-units). Precision: six
// decimal places; parse() refuses a text that needs more (e.g. "0.0000001") or lies outside
// the range, rather than rounding it.
//
// JSON: toJson() writes a JSON number, which is exact for every amount of at most 15
// significant digits (all amounts below 10^9 units, and any amount in whole units below
// 10^15); an amount that a JSON number cannot carry exactly is written as a decimal string
// ("12345678901.000001"). fromJson() reads both.
#include <QJsonValue>
#include <QString>

#include <compare>
#include <cstdint>
#include <optional>
#include <stdexcept>

namespace gr {

class MoneyOverflow : public std::overflow_error
{
public:
    MoneyOverflow() : std::overflow_error("amount outside the exact money range") {}
};

class Money
{
public:
    static constexpr int kDecimals = 6;
    static constexpr int64_t kMicrosPerUnit = 1'000'000;

    constexpr Money() = default;
    static constexpr Money fromMicros(int64_t micros)
    {
        return micros == INT64_MIN ? throw MoneyOverflow() : Money(micros);
    }
    static Money fromUnits(int64_t units); // throws MoneyOverflow when out of range

    // Parses "32.10", "-0.3", "+1,234.5", "1.5e3" exactly. Returns nullopt and sets *why
    // ("needs more than 6 decimal places", "is outside the exact range ...", "is not a
    // decimal number") when the text is not an amount this type holds exactly.
    static std::optional<Money> parse(QStringView text, QString *why = nullptr);
    static std::optional<Money> fromJson(const QJsonValue &value); // number or decimal string

    constexpr int64_t micros() const { return m_micros; }
    double toDouble() const; // the nearest double, for plots and statistics only
    // Plain decimal without separators or currency: "32.1", "-0.3", "1500", "0.000001".
    QString toDecimalString() const;
    QJsonValue toJson() const;

    constexpr bool isZero() const { return m_micros == 0; }
    constexpr bool isPositive() const { return m_micros > 0; }
    constexpr bool isNegative() const { return m_micros < 0; }
    Money abs() const { return isNegative() ? -*this : *this; }

    // Overflow-checked; throw MoneyOverflow.
    Money operator+(Money o) const;
    Money operator-(Money o) const;
    constexpr Money operator-() const { return Money(-m_micros); } // safe: INT64_MIN excluded
    Money times(int64_t count) const;
    Money &operator+=(Money o) { return *this = *this + o; }
    Money &operator-=(Money o) { return *this = *this - o; }

    constexpr auto operator<=>(const Money &) const = default;

private:
    constexpr explicit Money(int64_t micros) : m_micros(micros) {}
    int64_t m_micros = 0;
};

// Accumulates many terms in 128 bits and checks the range once, at the end.
class MoneySum
{
public:
    void add(Money value, int64_t count = 1);
    Money total() const; // throws MoneyOverflow
    // this / divisor rounded to the nearest micro-unit, halves away from zero.
    Money dividedBy(int64_t divisor) const;

private:
    __extension__ __int128 m_micros = 0;
};

// "$1,234.50", "−$900", "$0.0005", "EUR 12": exact, thousands separators, at least two decimals
// when the amount is not whole, more only when the amount has them; U+2212 for the minus sign.
QString formatMoney(Money amount, const QString &currency = QStringLiteral("USD"));
// The same with a "+" in front of positive amounts (for differences).
QString formatSignedMoney(Money amount, const QString &currency = QStringLiteral("USD"));
// A whole count with thousands separators ("1,346,819"), whatever the system locale.
QString formatCount(qint64 count);

} // namespace gr

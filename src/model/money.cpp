#include "money.h"

#include <QLatin1Char>
#include <QLocale>
#include <QString>

#include <cstdlib>
#include <limits>

namespace gr {
namespace {

__extension__ typedef __int128 Int128;

constexpr Int128 kMax = std::numeric_limits<int64_t>::max();

Money checked(Int128 micros)
{
    if (micros > kMax || micros < -kMax) throw MoneyOverflow();
    return Money::fromMicros(int64_t(micros));
}

QString rangeText()
{
    return QStringLiteral("±9,223,372,036,854.775807");
}

// Whole digits of |micros| / 10^6 with thousands separators, and the six fraction digits.
void splitDigits(int64_t micros, QString *whole, QString *fraction)
{
    const uint64_t magnitude = micros < 0 ? uint64_t(0) - uint64_t(micros) : uint64_t(micros);
    *whole = QString::number(magnitude / uint64_t(Money::kMicrosPerUnit));
    *fraction = QStringLiteral("%1").arg(magnitude % uint64_t(Money::kMicrosPerUnit), 6, 10,
                                         QLatin1Char('0'));
}

} // namespace

Money Money::fromUnits(int64_t units)
{
    return checked(Int128(units) * kMicrosPerUnit);
}

std::optional<Money> Money::parse(QStringView text, QString *why)
{
    auto refuse = [why](const QString &reason) -> std::optional<Money> {
        if (why) *why = reason;
        return std::nullopt;
    };
    const QStringView t = text.trimmed();
    qsizetype i = 0;
    bool negative = false;
    if (i < t.size() && (t[i] == QLatin1Char('+') || t[i] == QLatin1Char('-')))
        negative = t[i++] == QLatin1Char('-');
    // Mantissa digits without the point; `scale` counts the digits after the point.
    QString digits;
    int64_t scale = 0;
    bool point = false, anyDigit = false;
    for (; i < t.size(); ++i) {
        const QChar c = t[i];
        if (c.isDigit() && c.unicode() < 128) {
            anyDigit = true;
            digits += c;
            if (point) ++scale;
        } else if (c == QLatin1Char('.') && !point) {
            point = true;
        } else {
            break;
        }
    }
    int64_t exponent = 0;
    if (anyDigit && i < t.size() && (t[i] == QLatin1Char('e') || t[i] == QLatin1Char('E'))) {
        ++i;
        bool expNegative = false;
        if (i < t.size() && (t[i] == QLatin1Char('+') || t[i] == QLatin1Char('-')))
            expNegative = t[i++] == QLatin1Char('-');
        bool expDigit = false;
        for (; i < t.size() && t[i].isDigit() && t[i].unicode() < 128; ++i) {
            expDigit = true;
            if (exponent < 1'000'000) exponent = exponent * 10 + (t[i].unicode() - '0');
        }
        if (!expDigit) i = -1; // "1e" is not a number
        if (expNegative) exponent = -exponent;
    }
    if (!anyDigit || i != t.size())
        return refuse(QStringLiteral("is not a decimal number (write e.g. 1.5, -300 or 0.25)"));

    // value = digits x 10^(exponent - scale); micro-units = digits x 10^shift.
    int64_t shift = exponent - scale + kDecimals;
    while (!digits.isEmpty() && digits.back() == QLatin1Char('0')) {
        digits.chop(1);
        ++shift;
    }
    qsizetype lead = 0;
    while (lead < digits.size() && digits[lead] == QLatin1Char('0'))
        ++lead;
    digits = digits.mid(lead);
    if (digits.isEmpty()) return Money();
    if (shift < 0)
        return refuse(QStringLiteral("needs more than %1 decimal places (the exact money "
                                     "precision is one millionth of a unit)")
                          .arg(kDecimals));
    if (int64_t(digits.size()) + shift > 19)
        return refuse(QStringLiteral("is outside the exact money range %1").arg(rangeText()));
    Int128 micros = 0;
    for (QChar c : digits)
        micros = micros * 10 + (c.unicode() - '0');
    for (int64_t k = 0; k < shift; ++k)
        micros *= 10;
    if (micros > kMax)
        return refuse(QStringLiteral("is outside the exact money range %1").arg(rangeText()));
    return Money(int64_t(negative ? -micros : micros));
}

std::optional<Money> Money::fromJson(const QJsonValue &value)
{
    if (value.isString()) return parse(value.toString());
    if (!value.isDouble()) return std::nullopt;
    // The shortest text that reads back as this double is the decimal that was written.
    return parse(QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest));
}

double Money::toDouble() const
{
    constexpr int64_t kExact = int64_t(1) << 53;
    if (m_micros > -kExact && m_micros < kExact) return double(m_micros) / double(kMicrosPerUnit);
    return toDecimalString().toDouble(); // correctly rounded from the exact decimal
}

QString Money::toDecimalString() const
{
    QString whole, fraction;
    splitDigits(m_micros, &whole, &fraction);
    while (fraction.endsWith(QLatin1Char('0')))
        fraction.chop(1);
    return (m_micros < 0 ? QStringLiteral("-") : QString()) + whole +
           (fraction.isEmpty() ? QString() : QLatin1Char('.') + fraction);
}

QJsonValue Money::toJson() const
{
    // Significant digits of the decimal: those of |micros| without leading or trailing zeros.
    QString digits =
        QString::number(m_micros < 0 ? uint64_t(0) - uint64_t(m_micros) : uint64_t(m_micros));
    while (digits.size() > 1 && digits.endsWith(QLatin1Char('0')))
        digits.chop(1);
    if (digits.size() <= 15) return QJsonValue(toDouble());
    return QJsonValue(toDecimalString());
}

Money Money::operator+(Money o) const
{
    return checked(Int128(m_micros) + o.m_micros);
}

Money Money::operator-(Money o) const
{
    return checked(Int128(m_micros) - o.m_micros);
}

Money Money::times(int64_t count) const
{
    return checked(Int128(m_micros) * count);
}

void MoneySum::add(Money value, int64_t count)
{
    // Each term is below 2^126 in magnitude and the running sum is checked before each addition,
    // so the 128-bit accumulator cannot wrap; total() checks the 64-bit range.
    const Int128 term = Int128(value.micros()) * count;
    constexpr Int128 kLimit = Int128(1) << 125;
    if (term > kLimit || term < -kLimit || m_micros > kLimit || m_micros < -kLimit)
        throw MoneyOverflow();
    m_micros += term;
}

Money MoneySum::total() const
{
    return checked(m_micros);
}

Money MoneySum::dividedBy(int64_t divisor) const
{
    if (divisor <= 0) throw std::invalid_argument("MoneySum::dividedBy needs a positive divisor");
    const Int128 magnitude = m_micros < 0 ? -m_micros : m_micros;
    const Int128 rounded = (magnitude + divisor / 2) / divisor;
    return checked(m_micros < 0 ? -rounded : rounded);
}

QString formatMoney(Money amount, const QString &currency)
{
    const QString symbol =
        currency == QLatin1String("USD") ? QStringLiteral("$") : currency + QLatin1Char(' ');
    QString whole, fraction;
    splitDigits(amount.micros(), &whole, &fraction);
    for (qsizetype k = whole.size() - 3; k > 0; k -= 3)
        whole.insert(k, QLatin1Char(','));
    while (fraction.size() > 2 && fraction.endsWith(QLatin1Char('0')))
        fraction.chop(1);
    const QString text =
        fraction == QLatin1String("00") ? whole : whole + QLatin1Char('.') + fraction;
    return (amount.isNegative() ? QStringLiteral("−") : QString()) + symbol + text;
}

QString formatSignedMoney(Money amount, const QString &currency)
{
    return (amount.isPositive() ? QStringLiteral("+") : QString()) + formatMoney(amount, currency);
}

QString formatCount(qint64 count)
{
    // The magnitude as unsigned: negating INT64_MIN would overflow.
    QString digits = QString::number(count < 0 ? uint64_t(0) - uint64_t(count) : uint64_t(count));
    for (int i = int(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(i, QLatin1Char(','));
    return (count < 0 ? QStringLiteral("−") : QString()) + digits;
}

} // namespace gr

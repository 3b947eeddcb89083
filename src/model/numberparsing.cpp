#include "numberparsing.h"
#include "errors.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace gr {
namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Checks the grammar; on success *magnitude is the decimal exponent of the first non-zero
// digit (for telling underflow from overflow) and *zero whether every mantissa digit is 0.
bool wellFormed(std::string_view t, int64_t *magnitude, bool *zero)
{
    size_t i = 0;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    int64_t intDigits = 0, leadingFractionZeros = 0;
    bool anyDigit = false, nonZero = false, point = false;
    for (; i < t.size(); ++i) {
        const char c = t[i];
        if (isDigit(c)) {
            anyDigit = true;
            if (!point && (nonZero || c != '0')) ++intDigits;
            if (point && !nonZero && c == '0') ++leadingFractionZeros;
            nonZero = nonZero || c != '0';
        } else if (c == '.' && !point) {
            point = true;
        } else {
            break;
        }
    }
    if (!anyDigit) return false;
    int64_t exponent = 0;
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        bool negative = false;
        if (i < t.size() && (t[i] == '+' || t[i] == '-')) negative = t[i++] == '-';
        if (i == t.size()) return false;
        for (; i < t.size() && isDigit(t[i]); ++i)
            if (exponent < 100'000) exponent = exponent * 10 + (t[i] - '0');
        if (negative) exponent = -exponent;
    }
    if (i != t.size()) return false;
    *zero = !nonZero;
    *magnitude = exponent + (intDigits > 0 ? intDigits - 1 : -leadingFractionZeros - 1);
    return true;
}

// The shape of nearly every score in a prediction file: digits with an optional point, at most
// 15 digits in all ("0.123456", "1", "0.5"). Then the digits form an integer M < 2^53 and the
// value is M / 10^k with k <= 15: both are exact doubles, so the one correctly rounded division
// gives the double nearest the decimal — what std::from_chars returns, bit for bit (Clinger's
// fast path) — at a fraction of its cost. nullopt for anything else, which takes the full path.
std::optional<double> parsePlainDecimal(std::string_view t)
{
    static constexpr double kPowersOfTen[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                              1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    constexpr int kMaxDigits = 15;
    uint64_t mantissa = 0;
    int digits = 0;
    int fractionDigits = -1; // -1 until the point
    for (const char c : t) {
        if (isDigit(c)) {
            if (++digits > kMaxDigits) return std::nullopt;
            mantissa = mantissa * 10 + uint64_t(c - '0');
            if (fractionDigits >= 0) ++fractionDigits;
        } else if (c == '.' && fractionDigits < 0) {
            fractionDigits = 0;
        } else {
            return std::nullopt;
        }
    }
    if (digits == 0) return std::nullopt;
    return double(mantissa) / kPowersOfTen[std::max(fractionDigits, 0)];
}

} // namespace

std::optional<double> parseDecimal(std::string_view text, QString *why)
{
    if (const std::optional<double> plain = parsePlainDecimal(text)) return plain;
    int64_t magnitude = 0;
    bool zero = false;
    if (!wellFormed(text, &magnitude, &zero)) {
        if (why) *why = QStringLiteral("is not a number");
        return std::nullopt;
    }
    const bool plus = text.front() == '+'; // std::from_chars does not take a leading '+'
    const char *begin = text.data() + (plus ? 1 : 0);
    double v = 0;
    const auto [end, ec] = std::from_chars(begin, text.data() + text.size(), v);
    if (ec == std::errc::result_out_of_range) {
        if (magnitude < 0) return 0.0; // underflow: documented as 0
        if (why) *why = QStringLiteral("is too large for a double");
        return std::nullopt;
    }
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) {
        if (why) *why = QStringLiteral("is not a number");
        return std::nullopt;
    }
    return v == 0 ? 0.0 : v; // "-0" is 0: negative zero would sort above 1 by its bits
}

std::optional<double> parseDecimal(const QString &text, QString *why)
{
    const QByteArray bytes = text.toUtf8();
    return parseDecimal(std::string_view(bytes.constData(), size_t(bytes.size())), why);
}

QString thresholdProblem(double t)
{
    if (std::isnan(t)) return QStringLiteral("is not a number (NaN)");
    if (!(t >= 0.0 && t <= 1.0)) return QStringLiteral("is outside [0, 1]");
    return {};
}

double parseThreshold(const QString &text, const QString &source, qint64 line)
{
    QString why;
    const std::optional<double> t = parseDecimal(text.trimmed(), &why);
    if (!t)
        throw InputError(
            source, line,
            QStringLiteral("threshold '%1' %2: give a number in [0, 1]").arg(text, why));
    if (const QString problem = thresholdProblem(*t); !problem.isEmpty())
        throw InputError(
            source, line,
            QStringLiteral("threshold '%1' %2: give a number in [0, 1]").arg(text, problem));
    return *t;
}

} // namespace gr

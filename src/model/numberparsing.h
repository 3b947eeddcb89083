#pragma once
// One number grammar and one threshold rule for every value a user gives: prediction files,
// command-line options, sidecars and run metadata, MLflow params, session files.
//
// Grammar: [+|-] digits [. digits] [e|E [+|-] digits] (also ".5" and "5."); no spaces, hex,
// "inf" or "nan". A value too small for a double (e.g. 1e-400) is read as 0 with the sign
// dropped: it is a probability indistinguishable from 0 at double precision. A value too large
// for a double (1e400) is refused.
#include <QString>

#include <optional>
#include <string_view>

namespace gr {

// nullopt with *why set ("is not a number", "is too large for a double") on failure.
std::optional<double> parseDecimal(std::string_view text, QString *why = nullptr);
std::optional<double> parseDecimal(const QString &text, QString *why = nullptr);

// Empty when `t` is a valid classification threshold (finite, in [0, 1]), else the problem
// ("is not a number (NaN)", "is outside [0, 1]"), for callers to prefix with where it came from.
QString thresholdProblem(double t);

// Parses and validates a threshold given as text; throws InputError naming `source` (an option
// such as "--champion-threshold", or a file) and the text.
double parseThreshold(const QString &text, const QString &source, qint64 line = 0);

} // namespace gr

#pragma once
// Turns a label as written in a prediction file into 0 or 1. Without a named positive class the
// labels must be 0/1 (also "0.0"/"1.0") or true/false; with one, that value is 1 and the first
// other value met is 0, and a third value is refused. Shared by the text and Parquet readers.
#include <cstdint>
#include <optional>
#include <QString>
#include <string>
#include <string_view>

namespace gr {

class LabelDecoder
{
public:
    explicit LabelDecoder(const QString &positiveClass) : m_positive(positiveClass.toStdString()) {}

    // The label, or nullopt with `why` set to the problem (without the file and line).
    std::optional<uint8_t> decode(std::string_view text, QString *why)
    {
        if (m_positive.empty() && text.size() == 1 && (text[0] == '0' || text[0] == '1'))
            return uint8_t(text[0] - '0');
        return decodeSlow(text, why);
    }

private:
    std::optional<uint8_t> decodeSlow(std::string_view text, QString *why);

    std::string m_positive;
    std::string m_negative;
};

// At most 60 characters of a value read from a file, for an error message.
QString shownValue(std::string_view text);

} // namespace gr

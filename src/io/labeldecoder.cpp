#include "labeldecoder.h"

#include <algorithm>

namespace gr {

QString shownValue(std::string_view s)
{
    QString text = QString::fromUtf8(s.data(), qsizetype(std::min<size_t>(s.size(), 60)));
    return s.size() > 60 ? text + QStringLiteral("…") : text;
}

std::optional<uint8_t> LabelDecoder::decodeSlow(std::string_view t, QString *why)
{
    if (!m_positive.empty()) {
        if (t == m_positive) return 1;
        if (m_negative.empty()) m_negative = t;
        if (t == m_negative) return 0;
        *why =
            QStringLiteral("label '%1' is a third class: the file already has '%2' (positive) and "
                           "'%3'")
                .arg(shownValue(t), QString::fromStdString(m_positive),
                     QString::fromStdString(m_negative));
        return std::nullopt;
    }
    if (t == "1" || t == "1.0") return 1;
    if (t == "0" || t == "0.0") return 0;
    const QString lower = shownValue(t).toLower();
    if (lower == QLatin1String("true")) return 1;
    if (lower == QLatin1String("false")) return 0;
    *why = QStringLiteral(
               "label '%1' is not 0/1 or true/false (name the positive class to use other labels)")
               .arg(shownValue(t));
    return std::nullopt;
}

} // namespace gr

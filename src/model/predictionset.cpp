#include "predictionset.h"

#include <charconv>

namespace gr {

static bool parseCanonicalInteger(std::string_view text, int64_t &value)
{
    if (text.empty()) return false;
    const size_t digitsStart = text[0] == '-' ? 1 : 0;
    // Every int64 has at most 19 digits; the sign of INT64_MIN and the like makes 20 characters.
    if (digitsStart == text.size() || text.size() - digitsStart > 19) return false;
    if (text[digitsStart] == '0' && text.size() > digitsStart + 1)
        return false; // leading zero: "007" is not the same id as "7"
    if (text == "-0") return false;
    if (digitsStart == 0 && text.size() <= 18) {
        // The usual id: up to 18 digits cannot overflow, so a plain loop does (from_chars is
        // several times slower here, and this runs once per row).
        int64_t v = 0;
        for (const char c : text) {
            if (c < '0' || c > '9') return false;
            v = v * 10 + (c - '0');
        }
        value = v;
        return true;
    }
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size();
}

void RowIds::reserve(size_t rows)
{
    if (m_numeric) m_ints.reserve(rows);
}

void RowIds::append(std::string_view text)
{
    if (m_numeric) {
        int64_t value = 0;
        if (parseCanonicalInteger(text, value)) {
            m_ints.push_back(value);
            return;
        }
        convertToText();
    }
    m_chars.append(text);
    m_offsets.push_back(m_chars.size());
}

void RowIds::appendInteger(int64_t id)
{
    if (m_numeric) {
        m_ints.push_back(id);
        return;
    }
    append(std::to_string(id));
}

void RowIds::convertToText()
{
    m_numeric = false;
    m_offsets.assign(1, 0);
    m_offsets.reserve(m_ints.size() + 1);
    for (int64_t v : m_ints) {
        m_chars += std::to_string(v);
        m_offsets.push_back(m_chars.size());
    }
    std::vector<int64_t>().swap(m_ints);
}

std::string_view RowIds::textAt(size_t i) const
{
    return std::string_view(m_chars).substr(m_offsets[i], m_offsets[i + 1] - m_offsets[i]);
}

QString RowIds::toString(size_t i) const
{
    if (m_numeric) return QString::number(m_ints[i]);
    const std::string_view t = textAt(i);
    return QString::fromUtf8(t.data(), qsizetype(t.size()));
}

int RowIds::compare(const RowIds &a, size_t i, const RowIds &b, size_t j)
{
    if (a.m_numeric && b.m_numeric)
        return a.m_ints[i] < b.m_ints[j] ? -1 : (a.m_ints[i] > b.m_ints[j] ? 1 : 0);
    const std::string ta = a.m_numeric ? std::to_string(a.m_ints[i]) : std::string(a.textAt(i));
    const std::string tb = b.m_numeric ? std::to_string(b.m_ints[j]) : std::string(b.textAt(j));
    return ta.compare(tb) < 0 ? -1 : (ta == tb ? 0 : 1);
}

bool RowIds::sameId(const RowIds &a, size_t i, const RowIds &b, size_t j)
{
    if (a.m_numeric && b.m_numeric) return a.m_ints[i] == b.m_ints[j];
    return compare(a, i, b, j) == 0;
}

void RowIds::shrinkToFit()
{
    m_ints.shrink_to_fit();
    m_offsets.shrink_to_fit();
    m_chars.shrink_to_fit();
}

} // namespace gr

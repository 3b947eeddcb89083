#pragma once
// A model's predictions on a test set, held as compact columns (no per-row objects): at 10M rows
// a model costs 17 bytes a row (id, score, label) plus 4 when its ids are not in ascending order.
#include <cstdint>
#include <QString>
#include <string>
#include <string_view>
#include <vector>

namespace gr {

// Row ids are integers when every id in the file is a canonical decimal integer ("7", "-3";
// not "007" or "+7", whose text would not survive a round trip); otherwise they are kept as text.
class RowIds
{
public:
    bool isNumeric() const { return m_numeric; }
    size_t size() const { return m_numeric ? m_ints.size() : m_offsets.size() - 1; }
    void reserve(size_t rows);

    // Appends an id given as text, switching to text storage when it is not a canonical integer.
    void append(std::string_view text);
    void appendInteger(int64_t id);

    int64_t integerAt(size_t i) const { return m_ints[i]; }
    std::string_view textAt(size_t i) const; // only when !isNumeric()
    QString toString(size_t i) const;
    // Canonical order: numeric ascending for integer ids, bytewise for text ids. Inline: they
    // run once per row of every file.
    bool less(size_t a, size_t b) const
    {
        return m_numeric ? m_ints[a] < m_ints[b] : textAt(a) < textAt(b);
    }
    bool equal(size_t a, size_t b) const
    {
        return m_numeric ? m_ints[a] == m_ints[b] : textAt(a) == textAt(b);
    }
    // Compares ids held by two different RowIds objects, as text.
    static int compare(const RowIds &a, size_t i, const RowIds &b, size_t j);
    static bool sameId(const RowIds &a, size_t i, const RowIds &b, size_t j);
    void shrinkToFit();

private:
    void convertToText();

    bool m_numeric = true;
    std::vector<int64_t> m_ints;
    std::vector<uint64_t> m_offsets{0};
    std::string m_chars;
};

// Which columns of a prediction file hold what. Empty fields are auto-detected.
struct ColumnMapping
{
    QString idColumn;      // empty: auto-detect row_id|id|index
    QString labelColumn;   // empty: auto-detect y_true|label|target|actual
    QString scoreColumn;   // empty: auto-detect y_score|score|proba|probability|prediction
    QString positiveClass; // empty: labels must be 0/1 or true/false

    // Fields set here win; the rest come from `fallback`.
    ColumnMapping overriding(const ColumnMapping &fallback) const
    {
        return {idColumn.isEmpty() ? fallback.idColumn : idColumn,
                labelColumn.isEmpty() ? fallback.labelColumn : labelColumn,
                scoreColumn.isEmpty() ? fallback.scoreColumn : scoreColumn,
                positiveClass.isEmpty() ? fallback.positiveClass : positiveClass};
    }
};

struct PredictionSet
{
    QString source; // file the rows came from, as the user named it
    // The file actually read when `source` is an address (an MLflow artifact URI): its local
    // path after relocation, or the tracking server's download URL. Empty for plain files.
    // fileSha256 is of these bytes.
    QString readFrom;
    RowIds ids;
    std::vector<uint8_t> labels; // 0 or 1
    std::vector<double> scores;  // in [0, 1]
    // Permutation of row indices in canonical id order; empty when the file is already in that
    // order (the usual case), which saves a sort and 4 bytes a row.
    std::vector<uint32_t> idOrder;
    QString fileSha256;  // of the file's bytes as stored (compressed or not), hex
    QString fingerprint; // SHA-256 of the (row id, label) pairs in canonical order, hex
    qint64 positives = 0;
    qint64 fileBytes = 0;

    size_t size() const { return scores.size(); }
    size_t rowInIdOrder(size_t k) const { return idOrder.empty() ? k : idOrder[k]; }
    // 1-based line of data row i in its file (the header is line 1, blank lines are rejected).
    static qint64 lineOfRow(size_t i) { return qint64(i) + 2; }
};

} // namespace gr

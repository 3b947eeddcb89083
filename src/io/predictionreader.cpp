#include "predictionreader.h"
#include "chunkedfile.h"
#include "columnchoice.h"
#include "duplicateids.h"
#include "labeldecoder.h"
#include "model/errors.h"
#include "model/numberparsing.h"
#include "model/taskcontrol.h"
#include "parquetreader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <numeric>
#include <QStringDecoder>
#include <QStringList>

namespace gr {
namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

std::string_view unquote(std::string_view s)
{
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
    return s;
}

// Splits one line into fields. Quoted fields may contain the delimiter; doubled quotes inside a
// quoted field are kept as they are (ids, labels and scores never need them).
int splitFields(std::string_view line, char delim, std::string_view *fields, int maxFields)
{
    int count = 0;
    size_t pos = 0;
    while (true) {
        size_t end;
        if (pos < line.size() && line[pos] == '"') {
            const size_t close = line.find('"', pos + 1);
            end = close == std::string_view::npos ? line.size() : line.find(delim, close);
        } else {
            end = line.find(delim, pos);
        }
        if (end == std::string_view::npos) end = line.size();
        if (count < maxFields) fields[count] = unquote(trim(line.substr(pos, end - pos)));
        ++count;
        if (end >= line.size()) return count;
        pos = end + 1;
    }
}

// The common case — no quotes, no padding — split with memchr alone. Returns false when the line
// needs the general splitter (which also produces the error messages).
bool splitPlain(std::string_view line, char delim, std::string_view *fields, int columns)
{
    const char *p = line.data();
    const char *const end = p + line.size();
    for (int i = 0; i < columns; ++i) {
        const bool last = i + 1 == columns;
        const char *next = static_cast<const char *>(std::memchr(p, delim, size_t(end - p)));
        if (last ? next != nullptr : next == nullptr) return false; // too many or too few fields
        if (last) next = end;
        const std::string_view f(p, size_t(next - p));
        if (!f.empty() && (f.front() == ' ' || f.front() == '"' || f.back() == ' ' ||
                           f.front() == '\t' || f.back() == '\t'))
            return false;
        fields[i] = f;
        p = next + 1;
    }
    return true;
}

struct Layout
{
    char delimiter = ',';
    int columns = 0;
    int id = -1, label = -1, score = -1;
};

// Names the encoding problems that would otherwise surface as a baffling "missing column".
void checkTextEncoding(std::string_view line, const QString &path)
{
    if (line.size() >= 2 && ((uint8_t(line[0]) == 0xFF && uint8_t(line[1]) == 0xFE) ||
                             (uint8_t(line[0]) == 0xFE && uint8_t(line[1]) == 0xFF)))
        throw InputError(path, 1,
                         QStringLiteral("the file is UTF-16 encoded (it starts with a UTF-16 byte "
                                        "order mark); save it as UTF-8, e.g. iconv -f UTF-16 -t "
                                        "UTF-8"));
    // UTF-16 ASCII text alternates NUL and non-NUL bytes: "r\0o\0w\0" or "\0r\0o\0w".
    bool alternating = line.size() >= 8;
    for (size_t i = 0; alternating && i < 8; ++i)
        alternating = (line[i] == '\0') == (line[0] == '\0' ? i % 2 == 0 : i % 2 == 1);
    if (alternating)
        throw InputError(path, 1,
                         QStringLiteral("the file looks UTF-16 encoded (every other byte is NUL); "
                                        "save it as UTF-8, e.g. iconv -f UTF-16 -t UTF-8"));
}

// A prediction file is UTF-8 text. A binary file (an image renamed .csv, a spreadsheet) shows
// itself in the first block by a NUL byte or bytes that are not UTF-8: refused there, before its
// bytes could be read as a header ("the header has: \x89PNG").
void refuseBinary(std::string_view firstBlock, const QString &path)
{
    checkTextEncoding(firstBlock, path); // UTF-16 has its own message
    const auto startsWith = [&](std::string_view magic) {
        return firstBlock.substr(0, magic.size()) == magic;
    };
    const QString kind = startsWith("\x89PNG")        ? QStringLiteral(" (it is a PNG image)")
                         : startsWith("\xFF\xD8\xFF") ? QStringLiteral(" (it is a JPEG image)")
                         : startsWith("PK\x03\x04")   ? QStringLiteral(" (it is a ZIP archive, "
                                                                         "e.g. an Excel workbook)")
                         : startsWith("PAR1")         ? QStringLiteral(" (it is a Parquet file)")
                                                      : QString();
    const size_t nul = firstBlock.find('\0');
    if (nul != std::string_view::npos) {
        const std::string_view before = firstBlock.substr(0, nul);
        const size_t lineStart = before.rfind('\n');
        throw InputError(
            path, qint64(std::count(before.begin(), before.end(), '\n')) + 1,
            QStringLiteral("not a text file%1: the line contains a NUL byte (at byte %2); a "
                           "prediction file is UTF-8 CSV or TSV text")
                .arg(kind)
                .arg(lineStart == std::string_view::npos ? nul + 1 : nul - lineStart));
    }
    QStringDecoder utf8(QStringDecoder::Utf8); // keeps a sequence cut at the block's end pending
    const QString decoded = utf8(QByteArrayView(firstBlock.data(), qsizetype(firstBlock.size())));
    Q_UNUSED(decoded) // only whether it decodes matters
    if (!utf8.hasError()) return;
    throw InputError(path, QStringLiteral("not a text file%1: its first %2 bytes are not valid "
                                          "UTF-8; a prediction file is UTF-8 CSV or TSV text "
                                          "(text in another encoding: save it as UTF-8)")
                               .arg(kind)
                               .arg(firstBlock.size()));
}

[[noreturn]] void throwCrOnly(const QString &path)
{
    throw InputError(path, 1,
                     QStringLiteral("the file separates lines with CR alone (old Mac line "
                                    "endings); convert them to LF or CRLF, e.g. tr '\\r' '\\n'"));
}

bool looksCrOnly(std::string_view text)
{
    const size_t cr = text.find('\r');
    return cr != std::string_view::npos && cr + 1 < text.size() && text[cr + 1] != '\n';
}

void refuseDuplicateColumns(const QStringList &header, const QString &path)
{
    for (int i = 0; i < header.size(); ++i) {
        if (header[i].isEmpty()) continue;
        for (int j = i + 1; j < header.size(); ++j)
            if (header[j] == header[i])
                throw InputError(path, 1,
                                 QStringLiteral("column '%1' appears twice in the header "
                                                "(columns %2 and %3): which one is meant?")
                                     .arg(header[i].left(60))
                                     .arg(i + 1)
                                     .arg(j + 1));
    }
}

Layout parseHeader(std::string_view line, const ColumnMapping &mapping, const QString &path)
{
    checkTextEncoding(line, path);
    if (line.size() >= 3 && std::memcmp(line.data(), "\xEF\xBB\xBF", 3) == 0) line.remove_prefix(3);
    if (looksCrOnly(line)) throwCrOnly(path);
    line = trim(line);
    if (line.empty())
        throw InputError(
            path, 1,
            QStringLiteral(
                "the header line is empty; expected column names such as row_id,y_true,y_score"));
    Layout layout;
    layout.delimiter =
        line.find('\t') != std::string_view::npos && line.find(',') == std::string_view::npos ? '\t'
                                                                                              : ',';
    // Counted first, then split: a wide header keeps every column, wherever the id column is.
    const int n = splitFields(line, layout.delimiter, nullptr, 0);
    std::vector<std::string_view> fields(static_cast<size_t>(n));
    splitFields(line, layout.delimiter, fields.data(), n);
    QStringList header;
    for (const std::string_view f : fields)
        header << QString::fromUtf8(f.data(), qsizetype(f.size()));
    refuseDuplicateColumns(header, path);
    layout.columns = n;
    layout.id =
        findColumn(header, mapping.idColumn, rowIdColumnNames(), QStringLiteral("row id"), path);
    layout.label = findColumn(header, mapping.labelColumn, labelColumnNames(),
                              QStringLiteral("true label"), path);
    layout.score =
        findColumn(header, mapping.scoreColumn, scoreColumnNames(), QStringLiteral("score"), path);
    return layout;
}

class RowParser
{
public:
    RowParser(const Layout &layout, const ColumnMapping &mapping, const QString &path,
              PredictionSet &out)
        : m_layout(layout), m_labels(mapping.positiveClass), m_path(path), m_out(out),
          m_fields(size_t(std::max(layout.columns, 3)))
    {
    }

    void parseLine(std::string_view line, qint64 lineNo)
    {
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!splitPlain(line, m_layout.delimiter, m_fields.data(), m_layout.columns))
            splitGeneral(line, lineNo);
        const std::string_view id = m_fields[size_t(m_layout.id)];
        if (id.empty()) throw InputError(m_path, lineNo, QStringLiteral("the row id is empty"));
        m_out.ids.append(id);
        if (const auto first = m_duplicates.addLast(m_out.ids))
            throw InputError(
                m_path, lineNo,
                QStringLiteral("duplicate row id '%1' (first at line %2): every row of "
                               "a test set needs its own id")
                    .arg(shownValue(id))
                    .arg(PredictionSet::lineOfRow(*first)));
        const uint8_t label = parseLabel(m_fields[size_t(m_layout.label)], lineNo);
        m_out.labels.push_back(label);
        m_out.positives += label;
        m_out.scores.push_back(parseScore(m_fields[size_t(m_layout.score)], lineNo));
    }

private:
    void splitGeneral(std::string_view line, qint64 lineNo)
    {
        const int n = splitFields(line, m_layout.delimiter, m_fields.data(), int(m_fields.size()));
        if (n != m_layout.columns)
            throw InputError(m_path, lineNo,
                             QStringLiteral("expected %1 fields like the header, found %2%3")
                                 .arg(m_layout.columns)
                                 .arg(n)
                                 .arg(n < m_layout.columns
                                          ? QStringLiteral(" (is the file truncated?)")
                                          : QString()));
    }

    uint8_t parseLabel(std::string_view t, qint64 lineNo)
    {
        QString why;
        if (const std::optional<uint8_t> label = m_labels.decode(t, &why)) return *label;
        throw InputError(m_path, lineNo, why);
    }

    double parseScore(std::string_view t, qint64 lineNo) const
    {
        if (t.empty()) throw InputError(m_path, lineNo, QStringLiteral("the score is empty"));
        if (t == "nan" || t == "NaN" || t == "NAN")
            throw InputError(m_path, lineNo, QStringLiteral("score is NaN"));
        QString why;
        const std::optional<double> parsed = parseDecimal(t, &why); // the one number grammar
        if (!parsed)
            throw InputError(m_path, lineNo,
                             QStringLiteral("score '%1' %2").arg(shownValue(t), why));
        const double v = *parsed;
        if (!(v >= 0.0 && v <= 1.0))
            throw InputError(m_path, lineNo,
                             QStringLiteral("score %1 is outside [0, 1]").arg(shownValue(t)));
        return v;
    }

    const Layout &m_layout;
    LabelDecoder m_labels;
    const QString &m_path;
    PredictionSet &m_out;
    std::vector<std::string_view> m_fields;
    DuplicateIdCheck m_duplicates;
};

} // namespace

namespace {

QStringList textHeaderColumns(const QString &path)
{
    ChunkedFile file(path, 64 << 10);
    std::string text;
    while (text.find('\n') == std::string::npos && text.size() < file.limits().maxLineBytes &&
           file.readChunk(text)) {
    }
    refuseBinary(std::string_view(text.data(), std::min<size_t>(text.size(), 4096)), path);
    std::string_view line(text.data(), std::min(text.find('\n'), text.size()));
    if (line.size() >= 3 && std::memcmp(line.data(), "\xEF\xBB\xBF", 3) == 0) line.remove_prefix(3);
    line = trim(line);
    if (line.empty()) throw InputError(path, 1, QStringLiteral("the header line is empty"));
    const char delimiter =
        line.find('\t') != std::string_view::npos && line.find(',') == std::string_view::npos ? '\t'
                                                                                              : ',';
    const int n = splitFields(line, delimiter, nullptr, 0);
    std::vector<std::string_view> fields(static_cast<size_t>(n));
    splitFields(line, delimiter, fields.data(), n);
    QStringList columns;
    for (const std::string_view f : fields)
        columns << QString::fromUtf8(f.data(), qsizetype(f.size()));
    return columns;
}

} // namespace

PredictionHeader readPredictionHeader(const QString &path, const ColumnMapping &mapping)
{
    PredictionHeader header;
    header.columns = isParquetFile(path) ? parquetColumnNames(path) : textHeaderColumns(path);
    const auto find = [&](const QString &explicitName, const QStringList &names) {
        try {
            return findColumn(header.columns, explicitName, names, QString(), path);
        } catch (const InputError &) {
            return -1; // missing or ambiguous: the person chooses
        }
    };
    header.id = find(mapping.idColumn, rowIdColumnNames());
    header.label = find(mapping.labelColumn, labelColumnNames());
    header.score = find(mapping.scoreColumn, scoreColumnNames());
    return header;
}

PredictionSet PredictionReader::read(const QString &path, TaskControl *control, double progressFrom,
                                     double progressTo) const
{
    if (isParquetFile(path))
        return readParquetPredictions(path, m_mapping, control, progressFrom, progressTo);
    ChunkedFile file(path);
    PredictionSet set;
    set.source = path;
    set.fileBytes = file.storedBytes();

    std::string buffer;
    size_t pos = 0;
    qint64 lineNo = 0;
    bool eof = false;
    std::optional<Layout> layout;
    std::optional<RowParser> parser;
    qint64 blankLine = 0;
    size_t dataBytes = 0;
    constexpr size_t kSampleRows = 4096;
    const size_t maxLine = file.limits().maxLineBytes;
    // Position in `buffer` of the first NUL byte read: no text line of a prediction file has one,
    // and an id with a NUL would be cut short wherever it is shown.
    size_t nulAt = std::string::npos;
    auto refill = [&] {
        buffer.erase(0, pos);
        if (nulAt != std::string::npos) nulAt -= pos;
        pos = 0;
        const size_t old = buffer.size();
        if (!file.readChunk(buffer)) eof = true;
        if (nulAt == std::string::npos) {
            const void *nul = std::memchr(buffer.data() + old, '\0', buffer.size() - old);
            if (nul) nulAt = size_t(static_cast<const char *>(nul) - buffer.data());
        }
    };
    auto refuseNul = [&](std::string_view line, qint64 at) {
        if (at == 1) checkTextEncoding(line, path);
        throw InputError(path, at,
                         QStringLiteral("the line contains a NUL byte (at byte %1): this is binary "
                                        "data or UTF-16 text, not a UTF-8 prediction file")
                             .arg(nulAt - pos + 1));
    };
    auto refuseLongLine = [&](qint64 at) {
        throw InputError(path, at,
                         QStringLiteral("the line is longer than %1 bytes: refused "
                                        "(GATEREVIEW_MAX_LINE_BYTES raises the limit)")
                             .arg(maxLine));
    };
    refill();
    refuseBinary(std::string_view(buffer.data(), std::min<size_t>(buffer.size(), 4096)), path);
    while (true) {
        const void *nl = std::memchr(buffer.data() + pos, '\n', buffer.size() - pos);
        if (!nl && !eof) {
            const std::string_view pending(buffer.data() + pos, buffer.size() - pos);
            if (nulAt != std::string::npos) refuseNul(pending, lineNo + 1);
            if (pending.size() > maxLine) {
                if (!layout) {
                    checkTextEncoding(pending, path);
                    if (looksCrOnly(pending)) throwCrOnly(path);
                }
                refuseLongLine(lineNo + 1);
            }
            refill();
            if (control) {
                control->checkCancelled();
                const double f = file.storedBytes() > 0
                                     ? double(file.storedBytesRead()) / double(file.storedBytes())
                                     : 1.0;
                control->setProgress(progressFrom + (progressTo - progressFrom) * f);
            }
            continue;
        }
        const size_t end =
            nl ? size_t(static_cast<const char *>(nl) - buffer.data()) : buffer.size();
        const std::string_view line(buffer.data() + pos, end - pos);
        if (nulAt != std::string::npos && nulAt < end) refuseNul(line, lineNo + 1);
        if (line.size() > maxLine) refuseLongLine(lineNo + 1);
        const bool last = !nl;
        pos = nl ? end + 1 : end;
        ++lineNo;
        if (!layout) {
            if (last && line.empty())
                throw InputError(path, QStringLiteral("the file is empty; expected a header "
                                                      "row_id,y_true,y_score and data rows"));
            layout = parseHeader(line, m_mapping, path);
            parser.emplace(*layout, m_mapping, path, set);
        } else if (trim(line).empty()) {
            // Blank lines are fine at the very end; inside the data they would shift every
            // line number after them, so they are an error there.
            if (blankLine == 0) blankLine = lineNo;
        } else {
            if (blankLine != 0)
                throw InputError(path, blankLine, QStringLiteral("empty line inside the data"));
            parser->parseLine(line, lineNo);
            dataBytes += line.size() + 1;
            if (set.size() == kSampleRows) {
                // Reserve from the size measured so far: avoids the 2x peak of vector growth.
                const double perRow = double(dataBytes) / double(kSampleRows);
                const size_t rows =
                    size_t(double(file.estimatedDecodedBytes()) / perRow * 1.02) + 16;
                set.labels.reserve(rows);
                set.scores.reserve(rows);
                set.ids.reserve(rows);
            }
        }
        if (last) break;
    }
    if (!layout || set.size() == 0)
        throw InputError(path, QStringLiteral("no data rows after the header"));
    if (set.size() >= (size_t(1) << 32) - 1)
        throw InputError(path, QStringLiteral("more than 4 billion rows are not supported"));
    set.fileSha256 = file.sha256();
    if (set.fileSha256.isEmpty()) { // the loop may stop before the reader saw the end
        std::string rest;
        while (file.readChunk(rest))
            rest.clear();
        set.fileSha256 = file.sha256();
    }
    // No shrink_to_fit: capacity reserved beyond the rows read was never written, so it holds
    // address space, not memory, while shrinking would copy every column and briefly hold both
    // copies (at 10M rows, 170 MB more at the peak of a two-file load).
    finishPredictionSet(set);
    if (control) control->setProgress(progressTo);
    return set;
}

PredictionFileHeader parsePredictionHeader(std::string_view line, const ColumnMapping &mapping,
                                           const QString &path)
{
    const Layout layout = parseHeader(line, mapping, path);
    if (line.size() >= 3 && std::memcmp(line.data(), "\xEF\xBB\xBF", 3) == 0) line.remove_prefix(3);
    PredictionFileHeader header;
    header.delimiter = layout.delimiter;
    std::vector<std::string_view> fields(size_t(layout.columns));
    splitFields(trim(line), layout.delimiter, fields.data(), layout.columns);
    for (const std::string_view f : fields)
        header.names << QString::fromUtf8(f.data(), qsizetype(f.size()));
    header.id = layout.id;
    header.label = layout.label;
    header.score = layout.score;
    return header;
}

int splitPredictionFields(std::string_view line, char delimiter, std::string_view *fields,
                          int maxFields)
{
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return splitFields(line, delimiter, fields, maxFields);
}

} // namespace gr

#include "parquetreader.h"
#include "chunkedfile.h"
#include "model/errors.h"
#include "predictionreader.h"

#include <algorithm>
#include <QFile>
#include <QFileInfo>

#if GATEREVIEW_HAVE_DUCKDB
#include "columnchoice.h"
#include "duckdblibrary.h"
#include "duplicateids.h"
#include "labeldecoder.h"
#include "model/numberparsing.h"
#include "model/taskcontrol.h"

#include <cmath>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#endif

namespace gr {

bool isParquetFile(const QString &path)
{
    // Only a regular file is peeked at: reading from a pipe would take its first bytes away from
    // the reader (and Parquet needs seeking anyway).
    if (!QFileInfo(path).isFile()) return false;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return false;
    char magic[4] = {};
    return file.read(magic, 4) == 4 && std::equal(magic, magic + 4, "PAR1");
}

#if !GATEREVIEW_HAVE_DUCKDB

bool parquetSupportBuilt()
{
    return false;
}

namespace {
[[noreturn]] void refuseParquet(const QString &path)
{
    throw InputError(path, QStringLiteral("this is a Parquet file, and this build of Gate Review "
                                          "has no Parquet support (DuckDB's C header was not "
                                          "found when it was built); convert the file to CSV"));
}
} // namespace

QStringList parquetColumnNames(const QString &path)
{
    refuseParquet(path);
}

PredictionSet readParquetPredictions(const QString &path, const ColumnMapping &, TaskControl *,
                                     double, double)
{
    refuseParquet(path);
}

#else

bool parquetSupportBuilt()
{
    return true;
}

namespace {

// One in-memory DuckDB database and connection, closed on every path out of the reader.
class DuckDbSession
{
public:
    DuckDbSession(const DuckDbApi &api, const QString &path) : m_api(api), m_path(path)
    {
        duckdb_config config = nullptr;
        if (api.duckdb_create_config(&config) == DuckDBError)
            throw InputError(path, QStringLiteral("DuckDB could not create its configuration"));
        // Reading a local file never needs an extension from the network.
        api.duckdb_set_config(config, "autoinstall_known_extensions", "false");
        api.duckdb_set_config(config, "autoload_known_extensions", "false");
        char *error = nullptr;
        const duckdb_state opened = api.duckdb_open_ext(nullptr, &m_db, config, &error);
        api.duckdb_destroy_config(&config);
        if (opened == DuckDBError) {
            const QString why = QString::fromUtf8(error ? error : "unknown error");
            throw InputError(path, QStringLiteral("DuckDB could not start: %1").arg(why));
        }
        if (api.duckdb_connect(m_db, &m_connection) == DuckDBError) {
            api.duckdb_close(&m_db);
            throw InputError(path, QStringLiteral("DuckDB could not open a connection"));
        }
    }
    ~DuckDbSession()
    {
        m_api.duckdb_disconnect(&m_connection);
        m_api.duckdb_close(&m_db);
    }
    DuckDbSession(const DuckDbSession &) = delete;
    DuckDbSession &operator=(const DuckDbSession &) = delete;

    duckdb_connection connection() const { return m_connection; }

private:
    const DuckDbApi &m_api;
    QString m_path;
    duckdb_database m_db = nullptr;
    duckdb_connection m_connection = nullptr;
};

// A query result, destroyed on every path (DuckDB requires it even after an error).
struct QueryResult
{
    explicit QueryResult(const DuckDbApi &api) : api(api) {}
    ~QueryResult() { api.duckdb_destroy_result(&result); }
    QueryResult(const QueryResult &) = delete;
    QueryResult &operator=(const QueryResult &) = delete;

    const DuckDbApi &api;
    duckdb_result result{};
};

struct DataChunk
{
    DataChunk(const DuckDbApi &api, duckdb_data_chunk chunk) : api(api), chunk(chunk) {}
    ~DataChunk()
    {
        if (chunk) api.duckdb_destroy_data_chunk(&chunk);
    }
    DataChunk(const DataChunk &) = delete;
    DataChunk &operator=(const DataChunk &) = delete;

    const DuckDbApi &api;
    duckdb_data_chunk chunk;
};

QString sqlString(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QStringLiteral("''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString sqlIdentifier(const QString &name)
{
    QString quoted = name;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

bool isIntegerType(duckdb_type type)
{
    switch (type) {
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_UINTEGER:
        return true;
    default:
        return false;
    }
}

bool isNumericType(duckdb_type type)
{
    return isIntegerType(type) || type == DUCKDB_TYPE_UBIGINT || type == DUCKDB_TYPE_HUGEINT ||
           type == DUCKDB_TYPE_FLOAT || type == DUCKDB_TYPE_DOUBLE || type == DUCKDB_TYPE_DECIMAL;
}

std::string_view stringAt(duckdb_string_t *strings, idx_t row)
{
    duckdb_string_t &s = strings[row];
    const uint32_t length = s.value.inlined.length;
    return length <= 12 ? std::string_view(s.value.inlined.inlined, length)
                        : std::string_view(s.value.pointer.ptr, length);
}

bool isValid(const uint64_t *validity, idx_t row)
{
    return !validity || (validity[row / 64] >> (row % 64)) & 1;
}

// How the label column is fetched: booleans and integers as they are (the common layouts, and
// no per-row text), anything else — or any column when a positive class is named — as text under
// the text reader's rules.
enum class LabelColumn
{
    Boolean,
    Integer,
    Text
};

// Reads the rows of the query's result into `set`, applying the text reader's checks.
class ParquetRows
{
public:
    ParquetRows(const QString &path, const ColumnMapping &mapping, PredictionSet &set,
                bool idIsInteger, LabelColumn labelColumn, bool scoreIsText)
        : m_path(path), m_set(set), m_labels(mapping.positiveClass), m_idIsInteger(idIsInteger),
          m_labelColumn(labelColumn), m_scoreIsText(scoreIsText)
    {
    }

    void add(const DuckDbApi &api, duckdb_data_chunk chunk)
    {
        const idx_t rows = api.duckdb_data_chunk_get_size(chunk);
        duckdb_vector vectors[3];
        const uint64_t *validity[3];
        for (idx_t c = 0; c < 3; ++c) {
            vectors[c] = api.duckdb_data_chunk_get_vector(chunk, c);
            validity[c] = api.duckdb_vector_get_validity(vectors[c]);
        }
        auto *idInts = static_cast<int64_t *>(api.duckdb_vector_get_data(vectors[0]));
        auto *idTexts = static_cast<duckdb_string_t *>(api.duckdb_vector_get_data(vectors[0]));
        void *labelData = api.duckdb_vector_get_data(vectors[1]);
        auto *scoreValues = static_cast<double *>(api.duckdb_vector_get_data(vectors[2]));
        auto *scoreTexts = static_cast<duckdb_string_t *>(api.duckdb_vector_get_data(vectors[2]));
        for (idx_t r = 0; r < rows; ++r) {
            const qint64 row = qint64(m_set.size()) + 1;
            if (!isValid(validity[0], r)) fail(row, QStringLiteral("the row id is missing (null)"));
            if (m_idIsInteger) {
                m_set.ids.appendInteger(idInts[r]);
            } else {
                const std::string_view id = stringAt(idTexts, r);
                if (id.empty()) fail(row, QStringLiteral("the row id is empty"));
                m_set.ids.append(id);
            }
            if (const auto first = m_duplicates.addLast(m_set.ids))
                fail(row, QStringLiteral("duplicate row id '%1' (first at row %2): every row of a "
                                         "test set needs its own id")
                              .arg(m_set.ids.toString(m_set.ids.size() - 1))
                              .arg(*first + 1));
            if (!isValid(validity[1], r)) fail(row, QStringLiteral("the label is missing (null)"));
            const uint8_t label = labelAt(labelData, r, row);
            m_set.labels.push_back(label);
            m_set.positives += label;
            if (!isValid(validity[2], r)) fail(row, QStringLiteral("the score is missing (null)"));
            m_set.scores.push_back(m_scoreIsText ? parseText(stringAt(scoreTexts, r), row)
                                                 : checked(scoreValues[r], row));
        }
    }

private:
    [[noreturn]] void fail(qint64 row, const QString &problem) const
    {
        throw InputError(m_path, QStringLiteral("row %1: %2").arg(row).arg(problem));
    }

    uint8_t labelAt(void *data, idx_t r, qint64 row)
    {
        switch (m_labelColumn) {
        case LabelColumn::Boolean:
            return static_cast<const bool *>(data)[r] ? 1 : 0;
        case LabelColumn::Integer: {
            const int64_t v = static_cast<const int64_t *>(data)[r];
            if (v == 0 || v == 1) return uint8_t(v);
            fail(row, QStringLiteral("label '%1' is not 0/1 or true/false (name the positive class "
                                     "to use other labels)")
                          .arg(v));
        }
        case LabelColumn::Text:
            break;
        }
        QString why;
        const std::optional<uint8_t> label =
            m_labels.decode(stringAt(static_cast<duckdb_string_t *>(data), r), &why);
        if (!label) fail(row, why);
        return *label;
    }

    double checked(double v, qint64 row) const
    {
        if (std::isnan(v)) fail(row, QStringLiteral("score is NaN"));
        if (!(v >= 0.0 && v <= 1.0))
            fail(row, QStringLiteral("score %1 is outside [0, 1]").arg(v, 0, 'g', 17));
        return v;
    }

    double parseText(std::string_view t, qint64 row) const
    {
        if (t.empty()) fail(row, QStringLiteral("the score is empty"));
        QString why;
        const std::optional<double> parsed = parseDecimal(t, &why);
        if (!parsed) fail(row, QStringLiteral("score '%1' %2").arg(shownValue(t), why));
        return checked(*parsed, row);
    }

    const QString &m_path;
    PredictionSet &m_set;
    LabelDecoder m_labels;
    DuplicateIdCheck m_duplicates;
    bool m_idIsInteger;
    LabelColumn m_labelColumn;
    bool m_scoreIsText;
};

// DuckDB's first line of an error, with the path it was given replaced by the user's.
QString duckDbProblem(const char *error, const QString &given, const QString &path)
{
    QString text = QString::fromUtf8(error ? error : "unknown error");
    text = text.section(QLatin1Char('\n'), 0, 0).trimmed();
    text.replace(given, path);
    return text;
}

// One Parquet file opened in a DuckDB session: its path as DuckDB is given it, its schema, and
// queries whose errors name the user's file.
class ParquetFile
{
public:
    explicit ParquetFile(const QString &path)
        : m_api(duckDbApi(path)), m_path(path), m_local(QFileInfo(path).absoluteFilePath()),
          m_session(m_api, path)
    {
        // read_parquet expands glob characters in its argument; a name holding them is read
        // through a link with a plain name, so the file meant is the file read.
        if (m_local.contains(QRegularExpression(QStringLiteral("[*?\\[\\]{}]")))) {
            const QString link = m_linkDir.filePath(QStringLiteral("predictions.parquet"));
            if (!m_linkDir.isValid() || !QFile::link(m_local, link))
                throw InputError(path,
                                 QStringLiteral("could not make a temporary link to read it"));
            m_local = link;
        }
        QueryResult schema(m_api);
        query(QStringLiteral("SELECT * FROM %1 LIMIT 0").arg(source()), schema);
        for (idx_t c = 0; c < m_api.duckdb_column_count(&schema.result); ++c) {
            m_columns << QString::fromUtf8(m_api.duckdb_column_name(&schema.result, c));
            m_types.push_back(m_api.duckdb_column_type(&schema.result, c));
        }
    }

    const DuckDbApi &api() const { return m_api; }
    duckdb_connection connection() const { return m_session.connection(); }
    const QString &local() const { return m_local; }
    QString source() const { return QStringLiteral("read_parquet(%1)").arg(sqlString(m_local)); }
    const QStringList &columns() const { return m_columns; }
    duckdb_type type(int column) const { return m_types[size_t(column)]; }

    void query(const QString &sql, QueryResult &result) const
    {
        if (m_api.duckdb_query(connection(), sql.toUtf8().constData(), &result.result) ==
            DuckDBError)
            fail(m_api.duckdb_result_error(&result.result));
    }
    [[noreturn]] void fail(const char *error) const
    {
        throw InputError(m_path, QStringLiteral("not a readable Parquet file: %1")
                                     .arg(duckDbProblem(error, m_local, m_path)));
    }

private:
    const DuckDbApi &m_api;
    QString m_path;
    QString m_local;
    QTemporaryDir m_linkDir;
    DuckDbSession m_session;
    QStringList m_columns;
    std::vector<duckdb_type> m_types;
};

} // namespace

QStringList parquetColumnNames(const QString &path)
{
    return ParquetFile(path).columns();
}

PredictionSet readParquetPredictions(const QString &path, const ColumnMapping &mapping,
                                     TaskControl *control, double progressFrom, double progressTo)
{
    const ParquetFile file(path);
    const DuckDbApi &api = file.api();
    const QStringList &header = file.columns();
    const int id =
        findColumn(header, mapping.idColumn, rowIdColumnNames(), QStringLiteral("row id"), path);
    const int label = findColumn(header, mapping.labelColumn, labelColumnNames(),
                                 QStringLiteral("true label"), path);
    const int score =
        findColumn(header, mapping.scoreColumn, scoreColumnNames(), QStringLiteral("score"), path);
    const duckdb_type scoreType = file.type(score);
    const bool scoreIsText = scoreType == DUCKDB_TYPE_VARCHAR;
    if (!scoreIsText && !isNumericType(scoreType))
        throw InputError(
            path, QStringLiteral("the score column '%1' does not hold numbers").arg(header[score]));
    const bool idIsInteger = isIntegerType(file.type(id));
    const duckdb_type labelType = file.type(label);
    const LabelColumn labelColumn = !mapping.positiveClass.isEmpty()   ? LabelColumn::Text
                                    : labelType == DUCKDB_TYPE_BOOLEAN ? LabelColumn::Boolean
                                    : isIntegerType(labelType)         ? LabelColumn::Integer
                                                                       : LabelColumn::Text;
    const QString labelSql = sqlIdentifier(header[label]);

    QueryResult count(api);
    file.query(QStringLiteral("SELECT CAST(sum(num_rows) AS BIGINT) FROM parquet_file_metadata(%1)")
                   .arg(sqlString(file.local())),
               count);
    int64_t totalRows = 0;
    {
        DataChunk chunk(api, api.duckdb_fetch_chunk(count.result));
        if (chunk.chunk && api.duckdb_data_chunk_get_size(chunk.chunk) == 1)
            totalRows = *static_cast<int64_t *>(
                api.duckdb_vector_get_data(api.duckdb_data_chunk_get_vector(chunk.chunk, 0)));
    }
    if (totalRows >= (int64_t(1) << 32) - 1)
        throw InputError(path, QStringLiteral("more than 4 billion rows are not supported"));

    PredictionSet set;
    set.source = path;
    set.fileBytes = QFileInfo(path).size();
    set.ids.reserve(size_t(totalRows));
    set.labels.reserve(size_t(totalRows));
    set.scores.reserve(size_t(totalRows));

    const QString select =
        QStringLiteral("SELECT %1, %2, %3 FROM %4")
            .arg(idIsInteger ? QStringLiteral("CAST(%1 AS BIGINT)").arg(sqlIdentifier(header[id]))
                             : QStringLiteral("CAST(%1 AS VARCHAR)").arg(sqlIdentifier(header[id])),
                 labelColumn == LabelColumn::Boolean ? labelSql
                 : labelColumn == LabelColumn::Integer
                     ? QStringLiteral("CAST(%1 AS BIGINT)").arg(labelSql)
                     : QStringLiteral("CAST(%1 AS VARCHAR)").arg(labelSql),
                 scoreIsText
                     ? sqlIdentifier(header[score])
                     : QStringLiteral("CAST(%1 AS DOUBLE)").arg(sqlIdentifier(header[score])),
                 file.source());
    duckdb_prepared_statement statement = nullptr;
    const duckdb_state prepared =
        api.duckdb_prepare(file.connection(), select.toUtf8().constData(), &statement);
    struct StatementGuard
    {
        const DuckDbApi &api;
        duckdb_prepared_statement &statement;
        ~StatementGuard() { api.duckdb_destroy_prepare(&statement); }
    } statementGuard{api, statement};
    if (prepared == DuckDBError) file.fail(api.duckdb_prepare_error(statement));
    QueryResult rows(api);
    if (api.duckdb_execute_prepared_streaming(statement, &rows.result) == DuckDBError)
        file.fail(api.duckdb_result_error(&rows.result));
    ParquetRows reader(path, mapping, set, idIsInteger, labelColumn, scoreIsText);
    for (int chunks = 0;; ++chunks) {
        DataChunk chunk(api, api.duckdb_fetch_chunk(rows.result));
        if (!chunk.chunk) break;
        reader.add(api, chunk.chunk);
        if (control && chunks % 64 == 0) {
            control->checkCancelled();
            const double f = totalRows > 0 ? double(set.size()) / double(totalRows) : 1.0;
            control->setProgress(progressFrom + (progressTo - progressFrom) * 0.9 * f);
        }
    }
    if (const char *error = api.duckdb_result_error(&rows.result)) file.fail(error);
    if (set.size() == 0) throw InputError(path, QStringLiteral("the file has no data rows"));
    set.fileSha256 = sha256OfFile(path);
    finishPredictionSet(set);
    if (control) control->setProgress(progressTo);
    return set;
}

#endif

} // namespace gr

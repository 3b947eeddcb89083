#pragma once
// Reads a prediction file: CSV or TSV (optionally gzip-compressed) with a header row naming a
// row id, a true label and a score column. Rejects anything a gate must not silently accept.
#include "model/predictionset.h"

#include <QString>
#include <QStringList>
#include <string_view>

namespace gr {

class TaskControl;

class PredictionReader
{
public:
    explicit PredictionReader(ColumnMapping mapping = {}) : m_mapping(std::move(mapping)) {}

    // Throws InputError naming the file, the line and the problem; Cancelled when cancelled.
    // `control` (optional) receives progress in [progressFrom, progressTo].
    PredictionSet read(const QString &path, TaskControl *control = nullptr,
                       double progressFrom = 0.0, double progressTo = 1.0) const;

private:
    ColumnMapping m_mapping;
};

// A prediction file's header: its column names, and the column the reader takes for each role
// under `mapping` (-1 where it finds none). What the window shows when it asks for the columns.
struct PredictionHeader
{
    QStringList columns;
    int id = -1, label = -1, score = -1;
    bool complete() const { return id >= 0 && label >= 0 && score >= 0; }
};
// Reads only the first line. Throws InputError for a binary or empty file.
PredictionHeader readPredictionHeader(const QString &path, const ColumnMapping &mapping = {});

// The header of a prediction file as the reader interprets it, for readers of its other columns
// (src/segments): the delimiter, every column name, and which columns are the id, label and score.
struct PredictionFileHeader
{
    char delimiter = ',';
    QStringList names;
    int id = -1, label = -1, score = -1;
};
// Throws InputError like read() does for a bad header.
PredictionFileHeader parsePredictionHeader(std::string_view line, const ColumnMapping &mapping,
                                           const QString &path);
// Splits a data line the way the reader does (quoted fields may hold the delimiter); returns the
// number of fields, of which the first `maxFields` are stored.
int splitPredictionFields(std::string_view line, char delimiter, std::string_view *fields,
                          int maxFields);

// Sorts ids into canonical order (or finds them already there), rejects duplicates and computes
// the test-set fingerprint: SHA-256 of "row_id,label\n" lines in canonical id order.
void finishPredictionSet(PredictionSet &set);

} // namespace gr

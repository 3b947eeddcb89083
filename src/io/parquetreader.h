#pragma once
// Reads a Parquet prediction file with DuckDB (src/io/duckdblibrary.h): the same columns, the same
// checks and the same messages as a CSV file, with "row N" (1-based data row) where a text file
// would name a line. The row id may be an integer or a string column, the label boolean, integer,
// floating or string (the text rules of LabelDecoder apply to its text form), the score any
// numeric column or numbers written as strings.
#include "model/predictionset.h"

#include <QString>
#include <QStringList>

namespace gr {

class TaskControl;

// True when the path is a regular file starting with Parquet's magic bytes "PAR1", whatever
// its name (pipes and devices are never peeked at).
bool isParquetFile(const QString &path);

// True when this build can read Parquet at all (DuckDB's header was found when it was built).
bool parquetSupportBuilt();

// The file's column names (what the window offers when it asks which columns to read).
// Throws InputError when the file cannot be read as Parquet.
QStringList parquetColumnNames(const QString &path);

// Throws InputError naming the file (and the row) and the problem; Cancelled when cancelled.
PredictionSet readParquetPredictions(const QString &path, const ColumnMapping &mapping,
                                     TaskControl *control = nullptr, double progressFrom = 0.0,
                                     double progressTo = 1.0);

} // namespace gr

#pragma once
// Which column of a prediction file holds the row id, the label and the score: named explicitly,
// or found among the usual names. Shared by the text reader and the Parquet reader, so a column
// is chosen (and a choice refused) the same way whatever the file format.
#include <QString>
#include <QStringList>

namespace gr {

const QStringList &rowIdColumnNames(); // row_id, id, index
const QStringList &labelColumnNames(); // y_true, label, target, actual
const QStringList &scoreColumnNames(); // y_score, score, proba, probability, prediction

// Index in `header` of the column for `role` ("row id", "true label", "score"): `explicitName`
// when given, else the first of `candidates` present (case-insensitive). Throws InputError on
// line 1 of `path` when it is missing or ambiguous.
int findColumn(const QStringList &header, const QString &explicitName,
               const QStringList &candidates, const QString &role, const QString &path);

} // namespace gr

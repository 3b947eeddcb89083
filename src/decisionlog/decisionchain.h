#pragma once
// Internal to the decision log: a stored row and the hash chain over it, shared by appending,
// verifying, exporting and importing so all four agree on exactly what a record's hash covers.
//
// hash = SHA-256 of "gatereview-decision-v1\n" + the compact JSON object (keys sorted) of the
// chained columns exactly as stored: every column of schema version 1 except `hash` (including
// `id` and `prev_hash`; integers as decimal strings, NULL as null), plus each column added later
// (optionalChainedColumns(): `signer_key` of version 2, `registry_action_json` of version 3) only
// when it is not NULL, so older records keep their hashes, a signed record's key cannot be swapped
// and a registry action cannot be rewritten. `signature` is not covered: it signs the hash.
#include "decisionrecord.h"

#include <QMap>
#include <QVariant>

class QSqlQuery;

namespace gr {

// Column name -> value as stored (an invalid QVariant for NULL).
using Row = QMap<QString, QVariant>;

inline const QString kGenesisHash = QString(64, QLatin1Char('0'));

// Every chained column of schema version 1, in table order.
const QStringList &chainedColumns();
// Columns added after version 1 that the hash covers only when they are not NULL.
const QStringList &optionalChainedColumns();
// chainedColumns() + registry_action_json, signer_key, signature, hash: every stored column, in
// the order rows are selected and exported.
const QStringList &storedColumns();
bool isIntegerColumn(const QString &column);

QString computeRowHash(const Row &row);

// `table.col, ...` over storedColumns(); a column the table does not have (a log at an older
// schema version opened read-only, so not migrated) is selected as NULL. `presentColumns`:
// decisionTableColumns().
QString selectList(const QString &table, const QStringList &presentColumns);
// The first storedColumns().size() values of the query's current row.
Row readRow(const QSqlQuery &query);

DecisionRecord recordFromRow(const Row &row, const QString &location);

} // namespace gr

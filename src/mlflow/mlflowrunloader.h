#pragma once
// Loads a Run from an MLflow address (models:/NAME@ALIAS, models:/NAME/VERSION, runs:/RUN_ID):
// registry -> model version -> run -> predictions artifact, with the run's `threshold` param,
// metrics, params, tags and dataset inputs as its metadata.
#include "io/runloader.h"
#include "trackingstore.h"

namespace gr {

// Throws InputError / Cancelled. Opens the store named by options.trackingUri.
std::shared_ptr<Run> loadMlflowRun(const QString &address, const RunSourceOptions &options,
                                   TaskControl *control = nullptr, double progressFrom = 0.0,
                                   double progressTo = 1.0);

// The same against a store that is already open (the GUI browses one store for both sides).
std::shared_ptr<Run> loadMlflowRun(TrackingStore &store, const QString &address,
                                   const RunSourceOptions &options, TaskControl *control = nullptr,
                                   double progressFrom = 0.0, double progressTo = 1.0);

// MLflow evaluate's eval_results_table.json ({"columns": [...], "data": [[...]]}, pandas
// "split" orient) rewritten as CSV, with a row_id column from "index" or the row number when the
// table has no id column. Throws InputError for anything else.
QByteArray evalResultsTableToCsv(const QByteArray &json, const QString &path);

} // namespace gr

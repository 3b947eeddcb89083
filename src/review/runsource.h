#pragma once
// Turns what the user names on the command line or in the GUI into a Run. It sits above both
// loaders it chooses between, so neither depends on the other:
//   - an MLflow address (models:/NAME@ALIAS, models:/NAME/VERSION, runs:/RUN_ID[/PATH]) resolved
//     against a tracking URI                                                     -> mlflow/
//   - an MLflow run folder (mlruns/<experiment>/<run>/ with meta.yaml and artifacts/), or a file
//     inside its artifacts/: read through the file store, with the run's params, metrics and
//     tags, as if named runs:/<run>/<path> against that mlruns folder              -> mlflow/
//   - a prediction file (with an optional sidecar) or a plain run folder           -> io/
#include "io/runloader.h"

#include <memory>
#include <optional>

namespace gr {

class TaskControl;

bool isMlflowAddress(const QString &source);

// Where a local path sits in an MLflow file store, when it does.
struct MlflowRunFolder
{
    QString storeRoot;    // the mlruns folder
    QString runId;        // the run folder's name
    QString artifactPath; // inside artifacts/; empty: the options' artifact path
};
std::optional<MlflowRunFolder> findMlflowRunFolder(const QString &path);

// Throws InputError / Cancelled.
std::shared_ptr<Run> loadRun(const QString &source, const RunSourceOptions &options = {},
                             TaskControl *control = nullptr, double progressFrom = 0.0,
                             double progressTo = 1.0);

} // namespace gr

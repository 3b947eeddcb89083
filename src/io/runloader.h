#pragma once
// Loads a Run from local files: a prediction file (with an optional sidecar) or a run folder
// (predictions.csv and run.yaml). MLflow addresses and MLflow run folders are dispatched above
// this layer, in review/runsource.h, which is what callers use.
#include "model/run.h"
#include "predictionreader.h"

#include <memory>
#include <optional>

namespace gr {

class TaskControl;

struct RunSourceOptions
{
    ColumnMapping columns;
    std::optional<double> thresholdOverride;
    QString trackingUri; // for MLflow addresses; MLFLOW_TRACKING_URI when empty
    QString artifactPath = QStringLiteral("predictions.csv");
    int trackingTimeoutMs = 0; // tracking server inactivity limit; 0: its default
};

// Throws InputError / Cancelled.
std::shared_ptr<Run> loadLocalRun(const QString &source, const RunSourceOptions &options = {},
                                  TaskControl *control = nullptr, double progressFrom = 0.0,
                                  double progressTo = 1.0);

// Applies the threshold rule: an override wins, then the run's declared threshold, then 0.5.
void resolveThreshold(Run &run, std::optional<double> overrideThreshold);

} // namespace gr

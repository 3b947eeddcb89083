#pragma once
// Turns what the user names on the command line or in the GUI into a Run: a prediction file
// (with an optional sidecar), a run folder, or an MLflow address (models:/NAME@ALIAS,
// models:/NAME/VERSION, runs:/RUN_ID) resolved against a tracking URI.
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

bool isMlflowAddress(const QString &source);

// Throws InputError / Cancelled.
std::shared_ptr<Run> loadRun(const QString &source, const RunSourceOptions &options = {},
                             TaskControl *control = nullptr, double progressFrom = 0.0,
                             double progressTo = 1.0);

// Applies the threshold rule: an override wins, then the run's declared threshold, then 0.5.
void resolveThreshold(Run &run, std::optional<double> overrideThreshold);

} // namespace gr

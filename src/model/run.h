#pragma once
// A run under review: its predictions on the test set plus what is known about it (from a
// sidecar file, a run folder or MLflow).
#include "predictionset.h"

#include <optional>
#include <QList>
#include <QMap>
#include <QString>

namespace gr {

// A data set the run used, as MLflow records dataset inputs (context "training" or "eval").
struct DatasetInput
{
    QString name;
    QString digest;
    QString source;
    QString context;
    std::optional<double> positiveRate; // class balance, where the metadata records it
    std::optional<qint64> rows;
};

struct RunMetadata
{
    QString displayName;
    QString modelName;
    QString modelVersion;
    QString alias; // registry alias, e.g. "champion"
    QString runId;
    std::optional<double> threshold; // declared decision threshold
    QString datasetDigest;           // digest of the evaluation data set
    QString dvcLock;                 // path of a dvc.lock the run references, if any
    ColumnMapping columns;           // column names of the predictions file, when not the defaults
    QMap<QString, QString> params;
    QMap<QString, QString> tags;
    QMap<QString, double> metrics;
    QList<DatasetInput> datasets;
    QString origin;         // "prediction file", "run folder", "MLflow file store", ...
    QString metadataSource; // file (or URI) the metadata came from; empty when none
    QString registry;       // the MLflow store it was read from, credentials removed
    QStringList notes;      // what the loader did that the user should know (e.g. relocation)
};

enum class ThresholdSource
{
    Default,
    Metadata,
    Override
};

struct Run
{
    RunMetadata meta;
    PredictionSet predictions;
    double threshold = 0.5; // the threshold the gate uses
    ThresholdSource thresholdSource = ThresholdSource::Default;

    QString label() const; // display name, else model@alias / model v, else file name
};

QString toString(ThresholdSource source);

} // namespace gr

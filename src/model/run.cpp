#include "run.h"

#include <QFileInfo>

namespace gr {

QString Run::label() const
{
    if (!meta.displayName.isEmpty()) return meta.displayName;
    if (!meta.modelName.isEmpty()) {
        if (!meta.alias.isEmpty()) return meta.modelName + QLatin1Char('@') + meta.alias;
        if (!meta.modelVersion.isEmpty())
            return meta.modelName + QStringLiteral(" v") + meta.modelVersion;
        return meta.modelName;
    }
    if (!meta.runId.isEmpty()) return QStringLiteral("run ") + meta.runId.left(8);
    return QFileInfo(predictions.source).fileName();
}

QString toString(ThresholdSource source)
{
    switch (source) {
    case ThresholdSource::Default:
        return QStringLiteral("default");
    case ThresholdSource::Metadata:
        return QStringLiteral("run metadata");
    case ThresholdSource::Override:
        return QStringLiteral("override");
    }
    return {};
}

} // namespace gr

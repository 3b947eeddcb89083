#pragma once
// How the analysis pages write numbers, shared with their tests (which compare the shown text
// with the core's values through these same functions).
#include "analysis/rankingcurves.h"

#include <QString>

namespace gr::ui {

inline QString formatStatistic(double v, int decimals = 4)
{
    return QString::number(v, 'f', decimals);
}

inline QString formatMaybe(const MaybeValue &v, int decimals = 4)
{
    return v.defined() ? formatStatistic(*v.value, decimals) : QStringLiteral("undefined");
}

inline QString formatAnalysisPValue(double p)
{
    return p < 1e-4 ? QStringLiteral("< 0.0001") : QString::number(p, 'f', 4);
}

} // namespace gr::ui

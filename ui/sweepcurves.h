#pragma once
// A threshold sweep sampled for plotting. A 10M-row sweep has millions of points; plots take a
// few thousand, picked once per report: evenly in threshold (where the axis is read) and evenly
// in rank (where the scores crowd), each point read from the sweep in O(log N).
#include "metrics/confusion.h"

#include <QVector>

namespace gr {
class ThresholdSweep;
}

namespace gr::ui {

struct SweepCurves
{
    QVector<double> threshold; // ascending
    QVector<double> precision, recall, f1;
    QVector<double> netBenefit;    // dollars over the test set
    QVector<double> decisionCurve; // net benefit per row at threshold probability t
    QVector<double> decisionCurveTreatAll;

    static SweepCurves sample(const ThresholdSweep &sweep, const CellValues &values,
                              int points = 2000);
};

} // namespace gr::ui

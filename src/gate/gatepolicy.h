#pragma once
// The gate policy: what a net benefit is worth and what each layer requires. Loaded from YAML
// (see README "Policy format"); defaults() is the documented policy used when none is given.
#include "metrics/confusion.h"
#include "metrics/pairedcomparison.h"
#include "segments/segmentsettings.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace gr {

struct MetricValue;

struct ThresholdCheck
{
    QString metric; // one of metricNames()
    QString op;     // ">", ">=", "<", "<="
    double value = 0;
    Money money; // the limit of a net_benefit check, exact (value is its nearest double)
    // False for an undefined metric: a check never passes on a metric that has no value.
    bool holds(const MetricValue &actual) const;
    QString describe(const QString &currency = QStringLiteral("USD")) const; // "f1 > 0.2"
};

struct GatePolicy
{
    int version = 1;
    QString metric = QStringLiteral("net_benefit"); // the business metric of layer 2
    QString currency = QStringLiteral("USD");
    CellValues values;
    QList<ThresholdCheck> registration;
    bool strictlyBetter = true; // always true: ties go to the champion
    Money minDelta;
    bool requireSignificance = false;
    // Below this many paired test rows layer 2 FAILs: a net-benefit difference measured on a
    // handful of rows is not evidence (README "Policy format", challenge.min_test_rows).
    int64_t minTestRows = 30;
    BootstrapSettings bootstrap;
    SegmentSettings segments; // the "Where it lost" analysis (not part of the verdict)
    QString sourceFile;       // empty for the built-in default
    QString sourceSha256;     // of the file's bytes

    static GatePolicy defaults();
    QJsonObject toJson() const; // the policy as applied
    QString sha256() const;     // of toJson() in compact form: names the applied policy
};

// Throws InputError naming the file and line of an unknown key, metric or operator, a value of
// the wrong type, or malformed YAML. A top-level `canary:` map is left to the canary layer.
GatePolicy loadGatePolicy(const QString &path);
GatePolicy parseGatePolicy(const QByteArray &yaml, const QString &displayName);

// For plotted (binary floating-point) values such as axis ticks, rounded to cents; money the
// gate computes is exact and uses formatMoney(Money) from model/money.h.
QString formatMoney(double dollars, const QString &currency = QStringLiteral("USD"));

} // namespace gr

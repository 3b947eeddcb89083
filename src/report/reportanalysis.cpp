#include "reportanalysis.h"
#include "metrics/pairedcomparison.h"

#include <cmath>
#include <QJsonValue>

namespace gr {
namespace {

QString fixed(double v, int decimals)
{
    return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("n/a");
}

QString significant(double v)
{
    return std::isfinite(v) ? QString::number(v, 'g', 4) : QStringLiteral("n/a");
}

QString signedFixed(double v, int decimals)
{
    return (v > 0 ? QStringLiteral("+") : QString()) + fixed(v, decimals);
}

QString orReason(const MaybeValue &v, int decimals)
{
    return v.defined() ? fixed(*v.value, decimals)
                       : QStringLiteral("undefined: %1").arg(v.undefinedReason);
}

// Exact decimal dollars of a whole number of cents, for JSON ("-1234.05").
QString centsDecimal(WideCents cents)
{
    const bool negative = cents < 0;
    const WideCents magnitude = negative ? -cents : cents;
    QString whole;
    WideCents units = magnitude / 100;
    do {
        whole.prepend(QChar(u'0' + int(units % 10)));
        units /= 10;
    } while (units > 0);
    return QStringLiteral("%1%2.%3")
        .arg(negative ? QStringLiteral("-") : QString(), whole)
        .arg(int(magnitude % 100), 2, 10, QLatin1Char('0'));
}

QJsonValue numberOrNull(const MaybeValue &v)
{
    return v.defined() ? QJsonValue(*v.value) : QJsonValue(QJsonValue::Null);
}

QJsonObject calibrationJson(const CalibrationAssessment &c)
{
    QJsonObject o{{QStringLiteral("expected_calibration_error"), c.expectedCalibrationError},
                  {QStringLiteral("brier"), c.brier.brier},
                  {QStringLiteral("brier_reliability"), c.brier.reliability},
                  {QStringLiteral("brier_resolution"), c.brier.resolution},
                  {QStringLiteral("brier_uncertainty"), c.brier.uncertainty},
                  {QStringLiteral("clipped_rows"), double(c.clippedRows)},
                  {QStringLiteral("bins"), int(c.bins.size())}};
    if (c.fit.defined()) {
        o.insert(QStringLiteral("slope"), c.fit.slope);
        o.insert(QStringLiteral("slope_se"), c.fit.slopeSe);
        o.insert(QStringLiteral("intercept"), c.fit.intercept);
        o.insert(QStringLiteral("intercept_se"), c.fit.interceptSe);
    } else {
        o.insert(QStringLiteral("slope_undefined_reason"), c.fit.undefinedReason);
    }
    if (c.calibrationInLarge.defined())
        o.insert(QStringLiteral("intercept_in_the_large"), c.calibrationInLarge.intercept);
    return o;
}

QJsonValue flipJson(const Flip &f)
{
    if (!f.found) return QJsonValue(QJsonValue::Null); // the verdict holds over the whole range
    return QJsonObject{{QStringLiteral("flips_at"), centsDecimal(f.cents)},
                       {QStringLiteral("last_holds_at"), centsDecimal(f.lastHolds)}};
}

QJsonObject gridJson(const CostGrid &g, const QString &currency)
{
    return {{QStringLiteral("policy_promoted"), g.policyPromoted},
            {QStringLiteral("policy_delta"), centsDecimal(g.policyDelta)},
            {QStringLiteral("promoted_share"), g.promotedShare},
            {QStringLiteral("grid"), QStringLiteral("%1x%2").arg(g.rows()).arg(g.columns())},
            {QStringLiteral("fn_toward_zero"), flipJson(g.fnTowardZero)},
            {QStringLiteral("fn_away_from_zero"), flipJson(g.fnAwayFromZero)},
            {QStringLiteral("fp_toward_zero"), flipJson(g.fpTowardZero)},
            {QStringLiteral("fp_away_from_zero"), flipJson(g.fpAwayFromZero)},
            {QStringLiteral("sentence"), describeFlips(g, currency)}};
}

} // namespace

QList<ReportBlock> analysisBlocks(const ReviewAnalysis &a, const GateReport &report)
{
    QList<ReportBlock> blocks;
    auto add = [&](ReportBlock::Kind kind, const QString &text, int level = 2) {
        ReportBlock b;
        b.kind = kind;
        b.text = text;
        b.level = level;
        blocks << b;
        return &blocks.last();
    };
    auto table = [&](const QStringList &header, const QList<QStringList> &rows) {
        ReportBlock *b = add(ReportBlock::Kind::Table, QString());
        b->table.header = header;
        b->table.rows = rows;
        for (int c = 0; c < header.size(); ++c)
            b->table.numeric << (c > 0);
    };
    const QString currency = report.policy.currency;
    add(ReportBlock::Kind::Heading,
        QStringLiteral("Why: ranking, calibration and cost sensitivity"));
    add(ReportBlock::Kind::Paragraph,
        QStringLiteral("Read from the same test set as the verdict; none of it changes the "
                       "verdict."))
        ->tone = Tone::Muted;

    add(ReportBlock::Kind::Heading, QStringLiteral("Ranking"), 3);
    QList<QStringList> ranking;
    for (int m = 0; m < 2; ++m)
        ranking << QStringList{m == 0 ? QStringLiteral("Champion") : QStringLiteral("Candidate"),
                               orReason(a.models[size_t(m)].rocAuc, 4),
                               orReason(a.models[size_t(m)].averagePrecision, 4)};
    table({QStringLiteral("Model"), QStringLiteral("ROC AUC"), QStringLiteral("Average precision")},
          ranking);
    const DeLongTest &d = a.delong;
    if (d.defined()) {
        const int percent = int(std::lround(d.level * 100));
        table({QStringLiteral("DeLong's paired test (candidate − champion)"),
               QStringLiteral("Value")},
              {{QStringLiteral("Δ AUC"), signedFixed(d.difference, 4)},
               {QStringLiteral("Standard error"), significant(d.standardError)},
               {QStringLiteral("z"), fixed(d.z, 3)},
               {QStringLiteral("Two-sided p"), formatPValue(d.pValue)},
               {QStringLiteral("%1% CI of Δ AUC").arg(percent),
                QStringLiteral("%1 to %2").arg(signedFixed(d.low, 4), signedFixed(d.high, 4))},
               {QStringLiteral("Correlation of the AUCs"), fixed(d.correlation, 3)}});
    } else {
        add(ReportBlock::Kind::Paragraph,
            QStringLiteral("No DeLong test: %1.").arg(d.undefinedReason));
    }

    add(ReportBlock::Kind::Heading, QStringLiteral("Calibration"), 3);
    QList<QStringList> calibration;
    for (int m = 0; m < 2; ++m) {
        const CalibrationAssessment &c = a.models[size_t(m)].calibration;
        const QString slope = c.fit.defined()
                                  ? QStringLiteral("%1 (SE %2)")
                                        .arg(fixed(c.fit.slope, 3), significant(c.fit.slopeSe))
                                  : QStringLiteral("undefined: %1").arg(c.fit.undefinedReason);
        calibration << QStringList{
            m == 0 ? QStringLiteral("Champion") : QStringLiteral("Candidate"),
            slope,
            c.fit.defined() ? fixed(c.fit.intercept, 3) : QStringLiteral("—"),
            c.calibrationInLarge.defined() ? fixed(c.calibrationInLarge.intercept, 3)
                                           : QStringLiteral("—"),
            fixed(c.expectedCalibrationError, 4),
            fixed(c.brier.brier, 4),
            fixed(c.brier.reliability, 4),
            fixed(c.brier.resolution, 4),
            fixed(c.brier.uncertainty, 4)};
    }
    table({QStringLiteral("Model"), QStringLiteral("Slope"), QStringLiteral("Intercept"),
           QStringLiteral("In the large"), QStringLiteral("ECE"), QStringLiteral("Brier"),
           QStringLiteral("Reliability"), QStringLiteral("Resolution"),
           QStringLiteral("Uncertainty")},
          calibration);
    add(ReportBlock::Kind::Paragraph,
        QStringLiteral("Slope and intercept: logistic regression of the label on logit(score) "
                       "(1 and 0 when calibrated; a slope below 1 means over-confident). ECE over "
                       "%1 equal-count bins. Brier = reliability − resolution + uncertainty.")
            .arg(a.champion().calibration.bins.size()));

    add(ReportBlock::Kind::Heading, QStringLiteral("Recalibration what-if"), 3);
    const RecalibrationWhatIf &r = a.recalibration;
    add(ReportBlock::Kind::Paragraph, r.sentence(currency));
    if (r.defined())
        add(ReportBlock::Kind::Paragraph, RecalibrationWhatIf::crossFittingExplanation(r.folds))
            ->tone = Tone::Muted;

    add(ReportBlock::Kind::Heading, QStringLiteral("Cost sensitivity"), 3);
    QStringList flips;
    for (const std::optional<CostGrid> *g : {&a.declaredGrid, &a.optimumGrid})
        if (g->has_value())
            flips << QStringLiteral("%1 The candidate is ahead on %2% of a %3×%4 grid of FP and "
                                    "FN values (0 to 3× the policy's).")
                         .arg(describeFlips(**g, currency), fixed((*g)->promotedShare * 100, 1))
                         .arg((*g)->rows())
                         .arg((*g)->columns());
    if (flips.isEmpty()) {
        add(ReportBlock::Kind::Paragraph, QStringLiteral("No cost grid: %1.").arg(a.gridProblem));
    } else {
        add(ReportBlock::Kind::Bullets, QString())->items = flips;
        add(ReportBlock::Kind::Paragraph,
            QStringLiteral("Layer 2's net-benefit comparison re-decided at other FP and FN values "
                           "(TP and TN fixed), exactly in cents; layer 1 and any significance "
                           "requirement are not re-decided, so this is not the gate's verdict."))
            ->tone = Tone::Muted;
    }
    return blocks;
}

QJsonObject analysisToJson(const ReviewAnalysis &a, const GateReport &report)
{
    const QString currency = report.policy.currency;
    QJsonObject models;
    for (int m = 0; m < 2; ++m) {
        const ModelAnalysis &model = a.models[size_t(m)];
        models.insert(
            m == 0 ? QStringLiteral("champion") : QStringLiteral("candidate"),
            QJsonObject{{QStringLiteral("roc_auc"), numberOrNull(model.rocAuc)},
                        {QStringLiteral("average_precision"), numberOrNull(model.averagePrecision)},
                        {QStringLiteral("calibration"), calibrationJson(model.calibration)}});
    }
    const DeLongTest &d = a.delong;
    QJsonObject delong;
    if (d.defined())
        delong = {{QStringLiteral("difference"), d.difference},
                  {QStringLiteral("standard_error"), d.standardError},
                  {QStringLiteral("z"), d.z},
                  {QStringLiteral("p_value"), d.pValue},
                  {QStringLiteral("level"), d.level},
                  {QStringLiteral("low"), d.low},
                  {QStringLiteral("high"), d.high},
                  {QStringLiteral("correlation"), d.correlation}};
    else
        delong = {{QStringLiteral("undefined_reason"), d.undefinedReason}};
    const RecalibrationWhatIf &r = a.recalibration;
    QJsonObject recalibration{{QStringLiteral("what_if"), true},
                              {QStringLiteral("sentence"), r.sentence(currency)}};
    if (r.defined()) {
        recalibration.insert(QStringLiteral("folds"), r.folds);
        recalibration.insert(QStringLiteral("cost_optimal_threshold"), r.costOptimalThreshold);
        recalibration.insert(QStringLiteral("champion_net_benefit"),
                             centsDecimal(r.champion.netBenefitCents));
        recalibration.insert(QStringLiteral("candidate_net_benefit"),
                             centsDecimal(r.candidate.netBenefitCents));
    } else {
        recalibration.insert(QStringLiteral("undefined_reason"), r.undefinedReason);
    }
    QJsonObject cost;
    if (a.declaredGrid)
        cost.insert(QStringLiteral("declared"), gridJson(*a.declaredGrid, currency));
    if (a.optimumGrid)
        cost.insert(QStringLiteral("own_optimum"), gridJson(*a.optimumGrid, currency));
    if (!a.gridProblem.isEmpty()) cost.insert(QStringLiteral("problem"), a.gridProblem);
    return {{QStringLiteral("models"), models},
            {QStringLiteral("delong"), delong},
            {QStringLiteral("recalibration"), recalibration},
            {QStringLiteral("cost_sensitivity"), cost}};
}

} // namespace gr

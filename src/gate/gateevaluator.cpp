#include "gateevaluator.h"
#include "datasetevidence.h"
#include "model/errors.h"
#include "model/parallel.h"
#include "model/taskcontrol.h"

#include <cmath>

namespace gr {

QString toString(LayerResult r)
{
    switch (r) {
    case LayerResult::Pass:
        return QStringLiteral("PASS");
    case LayerResult::Fail:
        return QStringLiteral("FAIL");
    case LayerResult::NotRun:
        return QStringLiteral("NOT_RUN");
    }
    return {};
}

QString toString(GateResult r)
{
    switch (r) {
    case GateResult::Promoted:
        return QStringLiteral("PROMOTED");
    case GateResult::NotPromoted:
        return QStringLiteral("NOT_PROMOTED");
    case GateResult::Invalid:
        return QStringLiteral("INVALID");
    }
    return {};
}

QString formatCheckValue(const CheckOutcome &check, bool limit, const QString &currency,
                         char format, int precision)
{
    const std::optional<Money> &money = limit ? check.limitMoney : check.actualMoney;
    if (money) return formatMoney(*money, currency);
    const std::optional<double> &v = limit ? check.limit : check.actual;
    if (!v) return QStringLiteral("—");
    if (check.counts && std::isfinite(*v)) return formatCount(qint64(std::llround(*v)));
    if (check.id.contains(QLatin1String("net_benefit"))) return formatMoney(*v, currency);
    return QString::number(*v, format, precision);
}

namespace {

QString formatMetric(const MetricValue &v, const GatePolicy &policy)
{
    if (!v.isDefined()) return QStringLiteral("undefined (%1)").arg(v.undefinedWhy);
    return v.money ? formatMoney(*v.money, policy.currency) : QString::number(v.value, 'f', 4);
}

LayerOutcome registrationLayer(const GatePolicy &policy, const ModelMetrics &candidate)
{
    LayerOutcome layer{1, QStringLiteral("Registration gate"), LayerResult::Pass, {}, {}};
    QStringList failed;
    for (const ThresholdCheck &c : policy.registration) {
        const MetricValue actual = metricByName(candidate, c.metric).value_or(MetricValue{});
        const bool ok = c.holds(actual);
        CheckOutcome check{QStringLiteral("registration.") + c.metric,
                           QStringLiteral("candidate ") + c.describe(policy.currency),
                           actual.value,
                           c.value,
                           ok ? LayerResult::Pass : LayerResult::Fail,
                           QStringLiteral("candidate %1 = %2, required %3")
                               .arg(c.metric, formatMetric(actual, policy),
                                    c.describe(policy.currency).mid(c.metric.size() + 1))};
        if (actual.money) {
            check.actualMoney = actual.money;
            check.limitMoney = c.money;
        }
        if (!actual.isDefined()) check.actual.reset(); // no number to show: the reason is in detail
        layer.checks.append(check);
        if (!ok) {
            layer.result = LayerResult::Fail;
            failed << layer.checks.last().detail;
        }
    }
    layer.summary = failed.isEmpty()
                        ? QStringLiteral("The candidate meets every registration minimum.")
                        : QStringLiteral("The candidate misses registration minimums: ") +
                              failed.join(QStringLiteral("; ")) + QLatin1Char('.');
    return layer;
}

// Layer 2 compares the policy's metric exactly: money as exact decimals, a ratio as doubles
// computed the same way for both models. A tie never promotes.
CheckOutcome beatsChampionCheck(const GatePolicy &policy, const ModelMetrics &champion,
                                const ModelMetrics &candidate, bool *beats)
{
    const MetricValue ch = metricByName(champion, policy.metric).value_or(MetricValue{});
    const MetricValue ca = metricByName(candidate, policy.metric).value_or(MetricValue{});
    const bool higher = higherIsBetter(policy.metric);
    const QString description =
        QStringLiteral("candidate %1 strictly %2 champion's%3")
            .arg(policy.metric, higher ? QStringLiteral("above") : QStringLiteral("below"),
                 policy.minDelta.isPositive()
                     ? QStringLiteral(" by more than ") +
                           (ch.money ? formatMoney(policy.minDelta, policy.currency)
                                     : QString::number(policy.minDelta.toDouble()))
                     : QString());
    CheckOutcome check{QStringLiteral("challenge.") + policy.metric,
                       description,
                       ca.value,
                       {},
                       LayerResult::Fail,
                       {}};
    if (!ch.isDefined() || !ca.isDefined()) {
        *beats = false;
        check.actual.reset();
        check.detail = QStringLiteral("%1 is undefined: %2")
                           .arg(policy.metric, !ca.isDefined()
                                                   ? QStringLiteral("candidate ") + ca.undefinedWhy
                                                   : QStringLiteral("champion ") + ch.undefinedWhy);
        return check;
    }
    bool tie = false;
    if (ch.money && ca.money) {
        const Money needed = higher ? *ch.money + policy.minDelta : *ch.money - policy.minDelta;
        *beats = higher ? *ca.money > needed : *ca.money < needed;
        tie = *ca.money == *ch.money;
        check.limit = needed.toDouble();
        check.actualMoney = ca.money;
        check.limitMoney = needed;
    } else {
        const double minDelta = policy.minDelta.toDouble();
        const double needed = higher ? ch.value + minDelta : ch.value - minDelta;
        *beats = higher ? ca.value > needed : ca.value < needed;
        tie = ca.value == ch.value;
        check.limit = needed;
    }
    check.result = *beats ? LayerResult::Pass : LayerResult::Fail;
    if (tie)
        check.detail =
            QStringLiteral("tie at %1: a tie goes to the champion").arg(formatMetric(ca, policy));
    else
        check.detail = QStringLiteral("candidate %1 vs champion %2 (Δ %3)")
                           .arg(formatMetric(ca, policy), formatMetric(ch, policy),
                                ca.money ? formatMoney(*ca.money - *ch.money, policy.currency)
                                         : QString::number(ca.value - ch.value, 'f', 4));
    return check;
}

CheckOutcome minimumRowsCheck(const GatePolicy &policy, int64_t rows)
{
    const bool enough = rows >= policy.minTestRows;
    CheckOutcome check{
        QStringLiteral("challenge.min_test_rows"),
        QStringLiteral("at least %1 paired test rows").arg(formatCount(policy.minTestRows)),
        double(rows),
        double(policy.minTestRows),
        enough ? LayerResult::Pass : LayerResult::Fail,
        enough ? QStringLiteral("%1 paired test rows").arg(formatCount(rows))
               : QStringLiteral("only %1 paired test %2, fewer than the policy's minimum of "
                                "%3: a difference measured on so few rows is not evidence")
                     .arg(formatCount(rows),
                          rows == 1 ? QStringLiteral("row") : QStringLiteral("rows"),
                          formatCount(policy.minTestRows))};
    check.counts = true;
    return check;
}

// Significant only when the exact sign-flip test rejects "no difference" at the one-sided
// level (1 - level) / 2 AND the bootstrap interval lies above zero with a non-zero width.
CheckOutcome significanceCheck(const GatePolicy &policy, const PairedComparison &paired)
{
    const double alpha = (1.0 - policy.bootstrap.level) / 2.0;
    const BootstrapInterval &b = paired.bootstrap;
    const SignFlipTest &f = paired.signFlip;
    const bool permutation = f.pValue < alpha;
    const bool interval = b.low.isPositive() && !b.isDegenerate();
    const bool significant = permutation && interval;
    QString why;
    if (b.isDegenerate())
        why = QStringLiteral("; the bootstrap interval has zero width (every resample alike), "
                             "which is no evidence of a difference");
    else if (!b.low.isPositive())
        why = QStringLiteral("; the interval does not lie above %1")
                  .arg(formatMoney(Money(), policy.currency));
    if (!permutation)
        why += QStringLiteral("; the sign-flip p-value is not below %1").arg(alpha, 0, 'g', 3);
    return {QStringLiteral("challenge.significance"),
            QStringLiteral("exact sign-flip test of ΔNB (one-sided p < %1) and the %2% bootstrap "
                           "interval above 0")
                .arg(alpha, 0, 'g', 3)
                .arg(policy.bootstrap.level * 100, 0, 'g', 3),
            f.pValue,
            alpha,
            significant ? LayerResult::Pass : LayerResult::Fail,
            QStringLiteral("sign-flip p = %1 over %2 %3; ΔNB interval [%4, %5]%6")
                .arg(f.pValue, 0, 'g', 4)
                .arg(formatCount(f.nonZeroRows),
                     f.nonZeroRows == 1 ? QStringLiteral("row that differs")
                                        : QStringLiteral("rows that differ"),
                     formatMoney(b.low, policy.currency), formatMoney(b.high, policy.currency),
                     significant ? QString() : why)};
}

LayerOutcome challengeLayer(const GatePolicy &policy, const ModelMetrics &champion,
                            const ModelMetrics &candidate, const PairedComparison &paired,
                            int64_t rows)
{
    LayerOutcome layer{2, QStringLiteral("Champion–challenger"), LayerResult::Pass, {}, {}};
    bool beats = false;
    const CheckOutcome check = beatsChampionCheck(policy, champion, candidate, &beats);
    layer.checks.append(check);
    layer.checks.append(minimumRowsCheck(policy, rows));
    if (policy.requireSignificance) layer.checks.append(significanceCheck(policy, paired));
    QStringList failed;
    for (const auto &c : layer.checks)
        if (c.result == LayerResult::Fail) {
            layer.result = LayerResult::Fail;
            failed << c.detail;
        }
    layer.summary =
        layer.result == LayerResult::Pass
            ? QStringLiteral("The candidate beats the champion: %1.").arg(check.detail)
            : QStringLiteral("The champion stays: %1.").arg(failed.join(QStringLiteral("; ")));
    return layer;
}

} // namespace

namespace {
GateReport evaluate(std::shared_ptr<const Run> champion, std::shared_ptr<const Run> candidate,
                    const GatePolicy &policy, TaskControl *control, const GateOptions &options);
}

GateReport evaluateGate(std::shared_ptr<const Run> champion, std::shared_ptr<const Run> candidate,
                        const GatePolicy &policy, TaskControl *control, const GateOptions &options)
{
    try {
        return evaluate(std::move(champion), std::move(candidate), policy, control, options);
    } catch (const MoneyOverflow &) {
        throw InputError(
            policy.sourceFile.isEmpty() ? QStringLiteral("the built-in policy") : policy.sourceFile,
            QStringLiteral("a net benefit on this test set leaves the exact money "
                           "range (±9,223,372,036,854.775807): lower the cell values "
                           "(value.tp/fp/fn/tn) so that rows x value stays inside it"));
    }
}

namespace {
GateReport evaluate(std::shared_ptr<const Run> champion, std::shared_ptr<const Run> candidate,
                    const GatePolicy &policy, TaskControl *control, const GateOptions &options)
{
    GateReport report;
    report.policy = policy;
    report.appVersion = QStringLiteral(GATEREVIEW_VERSION);
    report.evaluatedAt = options.now.isValid() ? options.now : QDateTime::currentDateTimeUtc();
    report.testSet = checkTestSet(champion->predictions, candidate->predictions);
    if (control) control->setProgress(0.1, QStringLiteral("Sweeping thresholds"));

    // Each model's sweep and the metrics read from it (several passes over its points) on its
    // own thread.
    auto evaluationOf = [&policy, control](std::shared_ptr<const Run> run) {
        auto sweep = std::make_shared<const ThresholdSweep>(
            ThresholdSweep::compute(run->predictions.labels, run->predictions.scores, control));
        ModelMetrics metrics = evaluateModel(*sweep, run->threshold, policy.values);
        return ModelEvaluation{std::move(run), std::move(sweep), std::move(metrics)};
    };
    std::tie(report.champion, report.candidate) =
        inParallel([&] { return evaluationOf(champion); }, [&] { return evaluationOf(candidate); });
    if (control) control->setProgress(0.6, QStringLiteral("Comparing"));

    report.layers.append(registrationLayer(policy, report.candidate.metrics));
    const LayerOutcome registration = report.layers.first(); // a copy: appending reallocates
    if (report.testSet.identical) {
        const auto transitions =
            pairedTransitions(champion->predictions, champion->threshold, candidate->predictions,
                              candidate->threshold, report.testSet);
        report.comparison = comparePaired(transitions, policy.values, policy.bootstrap, control);
        report.layers.append(challengeLayer(policy, report.champion.metrics,
                                            report.candidate.metrics, *report.comparison,
                                            report.testSet.championRows));
    } else {
        report.layers.append(
            {2,
             QStringLiteral("Champion–challenger"),
             LayerResult::NotRun,
             {},
             QStringLiteral("Not run: the two runs were not scored on the same test set.")});
    }
    const LayerOutcome challenge = report.layers.last();

    LayerOutcome cicd{3, QStringLiteral("CI/CD gate"), LayerResult::Pass, {}, {}};
    cicd.checks.append({QStringLiteral("cicd.test_set"),
                        QStringLiteral("both runs scored on the same fixed test set"),
                        {},
                        {},
                        report.testSet.identical ? LayerResult::Pass : LayerResult::Fail,
                        report.testSet.summary()});
    const DatasetEvidence datasets = compareEvalDatasets(champion->meta, candidate->meta);
    cicd.checks.append(datasets.check(report.testSet.identical));
    cicd.checks.append({QStringLiteral("cicd.registration"),
                        QStringLiteral("layer 1 passed"),
                        {},
                        {},
                        registration.result,
                        registration.summary});
    cicd.checks.append({QStringLiteral("cicd.challenge"),
                        QStringLiteral("layer 2 passed"),
                        {},
                        {},
                        challenge.result,
                        challenge.summary});
    if (!report.testSet.identical) {
        report.result = GateResult::Invalid;
        cicd.result = LayerResult::Fail;
        report.reasons << report.testSet.summary();
        if (datasets.state == DatasetEvidence::State::Different)
            report.reasons << datasets.summary();
    } else {
        if (registration.result == LayerResult::Fail) report.reasons << registration.summary;
        if (challenge.result == LayerResult::Fail) report.reasons << challenge.summary;
        const bool promoted =
            registration.result == LayerResult::Pass && challenge.result == LayerResult::Pass;
        report.result = promoted ? GateResult::Promoted : GateResult::NotPromoted;
        cicd.result = promoted ? LayerResult::Pass : LayerResult::Fail;
        if (promoted) report.reasons << registration.summary << challenge.summary;
    }
    cicd.summary =
        QStringLiteral("The compare job outputs %1%2.")
            .arg(toString(report.result), report.result == GateResult::Promoted
                                              ? QStringLiteral(": deploy jobs run")
                                              : QStringLiteral(": deploy jobs do not run"));
    report.layers.append(cicd);
    report.layers.append(
        {4,
         QStringLiteral("Canary"),
         LayerResult::NotRun,
         {},
         QStringLiteral(
             "No canary data: layer 4 runs on live traffic after deployment to the canary.")});
    if (control) control->setProgress(1.0, QStringLiteral("Done"));
    return report;
}
} // namespace

void attachCanaryLayer(GateReport &report, const LayerOutcome &canary)
{
    LayerOutcome layer = canary;
    layer.id = 4;
    report.layers[3] = layer;
}

} // namespace gr

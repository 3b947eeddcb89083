#include "gateevaluator.h"
#include "datasetevidence.h"
#include "model/parallel.h"
#include "model/taskcontrol.h"

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

namespace {

QString formatMetric(const QString &metric, double v, const GatePolicy &policy)
{
    return metric == QLatin1String("net_benefit") ? formatMoney(v, policy.currency)
                                                  : QString::number(v, 'f', 4);
}

LayerOutcome registrationLayer(const GatePolicy &policy, const ModelMetrics &candidate)
{
    LayerOutcome layer{1, QStringLiteral("Registration gate"), LayerResult::Pass, {}, {}};
    QStringList failed;
    for (const ThresholdCheck &c : policy.registration) {
        double actual = 0;
        metricByName(candidate, c.metric, &actual);
        const bool ok = c.holds(actual);
        layer.checks.append({QStringLiteral("registration.") + c.metric,
                             QStringLiteral("candidate ") + c.describe(), actual, c.value,
                             ok ? LayerResult::Pass : LayerResult::Fail,
                             QStringLiteral("candidate %1 = %2, required %3 %4")
                                 .arg(c.metric, formatMetric(c.metric, actual, policy), c.op,
                                      formatMetric(c.metric, c.value, policy))});
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

LayerOutcome challengeLayer(const GatePolicy &policy, const ModelMetrics &champion,
                            const ModelMetrics &candidate, const PairedComparison &paired)
{
    LayerOutcome layer{2, QStringLiteral("Champion–challenger"), LayerResult::Pass, {}, {}};
    double ch = 0, ca = 0;
    metricByName(champion, policy.metric, &ch);
    metricByName(candidate, policy.metric, &ca);
    const bool higher = higherIsBetter(policy.metric);
    const double needed = higher ? ch + policy.minDelta : ch - policy.minDelta;
    const bool beats = higher ? ca > needed : ca < needed;
    const QString delta = formatMetric(policy.metric, ca - ch, policy);
    CheckOutcome check{
        QStringLiteral("challenge.") + policy.metric,
        QStringLiteral("candidate %1 strictly %2 champion's%3")
            .arg(policy.metric, higher ? QStringLiteral("above") : QStringLiteral("below"),
                 policy.minDelta > 0 ? QStringLiteral(" by more than ") +
                                           formatMetric(policy.metric, policy.minDelta, policy)
                                     : QString()),
        ca,
        needed,
        beats ? LayerResult::Pass : LayerResult::Fail,
        {}};
    if (ca == ch)
        check.detail = QStringLiteral("tie at %1: a tie goes to the champion")
                           .arg(formatMetric(policy.metric, ca, policy));
    else
        check.detail = QStringLiteral("candidate %1 vs champion %2 (Δ %3)")
                           .arg(formatMetric(policy.metric, ca, policy),
                                formatMetric(policy.metric, ch, policy), delta);
    layer.checks.append(check);
    if (policy.requireSignificance) {
        const bool significant = paired.bootstrap.low > 0;
        layer.checks.append(
            {QStringLiteral("challenge.significance"),
             QStringLiteral("lower bound of the %1% bootstrap interval of ΔNB above 0")
                 .arg(policy.bootstrap.level * 100, 0, 'g', 3),
             paired.bootstrap.low, 0.0, significant ? LayerResult::Pass : LayerResult::Fail,
             QStringLiteral("ΔNB interval [%1, %2]")
                 .arg(formatMoney(paired.bootstrap.low, policy.currency),
                      formatMoney(paired.bootstrap.high, policy.currency))});
    }
    for (const auto &c : layer.checks)
        if (c.result == LayerResult::Fail) layer.result = LayerResult::Fail;
    layer.summary = layer.result == LayerResult::Pass
                        ? QStringLiteral("The candidate beats the champion: %1.").arg(check.detail)
                        : QStringLiteral("The champion stays: %1.")
                              .arg(layer.checks.last().result == LayerResult::Fail && !beats
                                       ? check.detail
                                       : layer.checks.last().detail);
    return layer;
}

} // namespace

GateReport evaluateGate(std::shared_ptr<const Run> champion, std::shared_ptr<const Run> candidate,
                        const GatePolicy &policy, TaskControl *control, const GateOptions &options)
{
    GateReport report;
    report.policy = policy;
    report.appVersion = QStringLiteral(GATEREVIEW_VERSION);
    report.evaluatedAt = options.now.isValid() ? options.now : QDateTime::currentDateTimeUtc();
    report.testSet = checkTestSet(champion->predictions, candidate->predictions);
    if (control) control->setProgress(0.1, QStringLiteral("Sweeping thresholds"));

    auto sweepOf = [control](std::shared_ptr<const Run> run) {
        return std::make_shared<const ThresholdSweep>(
            ThresholdSweep::compute(run->predictions.labels, run->predictions.scores, control));
    };
    const auto [championSweep, candidateSweep] =
        inParallel([&] { return sweepOf(champion); }, [&] { return sweepOf(candidate); });
    report.champion = {champion, championSweep, {}};
    report.candidate = {candidate, candidateSweep, {}};
    for (ModelEvaluation *m : {&report.champion, &report.candidate})
        m->metrics = evaluateModel(*m->sweep, m->run->threshold, policy.values);
    if (control) control->setProgress(0.6, QStringLiteral("Comparing"));

    report.layers.append(registrationLayer(policy, report.candidate.metrics));
    const LayerOutcome registration = report.layers.first(); // a copy: appending reallocates
    if (report.testSet.identical) {
        const auto transitions =
            pairedTransitions(champion->predictions, champion->threshold, candidate->predictions,
                              candidate->threshold, report.testSet);
        report.comparison = comparePaired(transitions, policy.values, policy.bootstrap, control);
        report.layers.append(challengeLayer(policy, report.champion.metrics,
                                            report.candidate.metrics, *report.comparison));
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

void attachCanaryLayer(GateReport &report, const LayerOutcome &canary)
{
    LayerOutcome layer = canary;
    layer.id = 4;
    report.layers[3] = layer;
}

} // namespace gr

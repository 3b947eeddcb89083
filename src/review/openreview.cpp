#include "openreview.h"
#include "costcheck.h"

#include "canaryimport.h"
#include "canarypolicy.h"
#include "model/errors.h"
#include "model/parallel.h"
#include "model/taskcontrol.h"
#include "runsource.h"
#include "segments/segmentanalysis.h"

#include <QCoreApplication>

#include <optional>

namespace gr {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("gr::openReview", text);
}
} // namespace

void judgeCanary(Review &review, const QString &canaryPolicy, const QStringList &canaryData)
{
    const CanaryPolicy policy = loadCanaryPolicy(canaryPolicy);
    auto result = std::make_shared<const CanaryResult>(
        evaluateCanary(loadCanaryFiles(canaryData, policy.labels), policy));
    if (review.report) {
        auto report = std::make_shared<GateReport>(*review.report);
        attachCanaryLayer(*report, canaryLayerOutcome(*result));
        review.report = std::move(report);
    }
    review.canary = std::move(result);
    review.request.canaryPolicy = canaryPolicy == review.request.policy ? QString() : canaryPolicy;
    review.request.canaryData = canaryData;
}

Review openReview(const ReviewRequest &request, const OpenReviewOptions &options)
{
    Review review;
    review.request = request;
    const GatePolicy policy =
        request.policy.isEmpty() ? GatePolicy::defaults() : loadGatePolicy(request.policy);

    std::shared_ptr<Run> champion, candidate;
    // In parallel: parsing dominates and each file is independent. With a progress control
    // (the window), each run's progress is half of one bar.
    TaskControl *reading = options.reading;
    if (reading) reading->setProgress(0, tr("Reading both runs"));
    std::optional<TaskControl> championPart, candidatePart;
    if (reading) {
        championPart.emplace(reading, 0.5);
        candidatePart.emplace(reading, 0.5);
    }
    std::tie(champion, candidate) = inParallel(
        [&] {
            return loadRun(request.champion, request.optionsFor(true),
                           championPart ? &*championPart : nullptr);
        },
        [&] {
            return loadRun(request.candidate, request.optionsFor(false),
                           candidatePart ? &*candidatePart : nullptr);
        });
    if (reading) reading->checkCancelled();
    review.championIdentity = identityOf(request.champion, *champion);
    review.candidateIdentity = identityOf(request.candidate, *candidate);
    review.warnings << costParamWarnings(champion->meta, policy, QStringLiteral("champion"))
                    << costParamWarnings(candidate->meta, policy, QStringLiteral("candidate"));

    if (options.gateControl) options.gateControl->setProgress(0, tr("Evaluating the gate"));
    auto report = std::make_shared<GateReport>(
        evaluateGate(champion, candidate, policy, options.gateControl, options.gate));
    if (report->comparison) {
        // Segment columns are read in a second pass over each file, only when it has some.
        const SegmentColumns columns = loadSegmentColumns(
            *report, request.optionsFor(true).columns.overriding(champion->meta.columns),
            request.optionsFor(false).columns.overriding(candidate->meta.columns),
            options.gateControl);
        if (!columns.columns.empty() || !columns.notes.isEmpty())
            report->segments = std::make_shared<const SegmentAnalysis>(
                analyseSegments(*report, columns, options.gateControl));
    }
    review.report = report;
    if (!request.canaryData.isEmpty())
        judgeCanary(review, request.canaryPolicyPath(), request.canaryData);
    if (options.diagnose) review.evidence = gatherEvidence(*review.report, options.gateControl);
    return review;
}

} // namespace gr

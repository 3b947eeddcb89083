#pragma once
// The one pipeline from inputs to a review: policy, both runs, the gate, the canary layer and the
// cost cross-check. `gatereview gate`, `gatereview report`, the GUI loader and the bench all call
// it, so what the CLI prints as a verdict is what the window shows.
#include "gate/gateevaluator.h"
#include "review.h"

namespace gr {

class TaskControl;

struct OpenReviewOptions
{
    GateOptions gate; // the injected clock
    // The runs load in parallel; with a control, each reports half of `reading`'s progress.
    TaskControl *reading = nullptr;
    TaskControl *gateControl = nullptr;
    bool diagnose = false; // also compute the analysis and diagnosis evidence (gatherEvidence)
};

// Throws InputError (naming the file and line) and Cancelled. The returned review has no notes,
// what-if thresholds or decision yet.
Review openReview(const ReviewRequest &request, const OpenReviewOptions &options = {});

// Judges the request's canary data under its canary policy and joins the result to the review as
// layer 4 (replacing a previous canary). Throws InputError.
void judgeCanary(Review &review, const QString &canaryPolicy, const QStringList &canaryData);

} // namespace gr

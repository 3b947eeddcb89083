#include "reviewsessionstate.h"

namespace gr::ui {

ReviewSession sessionFromState(const ReviewState &state)
{
    ReviewSession s;
    const ReviewInputs &in = state.inputs();
    s.champion = in.champion;
    s.candidate = in.candidate;
    s.policy = in.policy;
    s.trackingUri = in.trackingUri;
    if (const auto report = state.report()) {
        // Only thresholds the user overrode are saved: declared ones come back with the runs.
        if (report->champion.run->thresholdSource == ThresholdSource::Override)
            s.championThreshold = report->champion.metrics.threshold;
        if (report->candidate.run->thresholdSource == ThresholdSource::Override)
            s.candidateThreshold = report->candidate.metrics.threshold;
        if (state.isWhatIf(Side::Champion))
            s.championWhatIf = state.whatIfThreshold(Side::Champion);
        if (state.isWhatIf(Side::Candidate))
            s.candidateWhatIf = state.whatIfThreshold(Side::Candidate);
    }
    s.canaryData = in.canaryData;
    s.canaryPolicy = in.canaryPolicy;
    // What each source resolved to, so reopening can tell when an alias moved or a file changed.
    s.championIdentity = state.review().championIdentity;
    s.candidateIdentity = state.review().candidateIdentity;
    for (auto it = state.allNotes().cbegin(); it != state.allNotes().cend(); ++it)
        if (!it.value().isEmpty()) s.notes.insert(it.key(), it.value());
    return s;
}

void restoreSessionState(const ReviewSession &session, ReviewState &state)
{
    if (session.championWhatIf) state.setWhatIfThreshold(Side::Champion, *session.championWhatIf);
    if (session.candidateWhatIf)
        state.setWhatIfThreshold(Side::Candidate, *session.candidateWhatIf);
    for (auto it = session.notes.cbegin(); it != session.notes.cend(); ++it)
        state.setNotes(it.key(), it.value());
}

} // namespace gr::ui

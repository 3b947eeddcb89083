#pragma once
// Between the review in progress and a saved `.gatereview` session: what to write when the user
// saves, and what to restore once the session's runs are loaded again (what-if thresholds and
// notes; the inputs and threshold overrides are what the loader needs to rebuild the report).
#include "reviewstate.h"
#include "session/reviewsession.h"

namespace gr::ui {

ReviewSession sessionFromState(const ReviewState &state);
// Call after the report for the session's inputs is in `state`.
void restoreSessionState(const ReviewSession &session, ReviewState &state);

} // namespace gr::ui

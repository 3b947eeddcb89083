#pragma once
// The options `gate` and `report` share to name a review — the two sources, the policy, the
// threshold overrides, the columns and the MLflow source options — declared once and turned into
// a ReviewRequest in one place (KeePassXC's DatabaseCommand shares its options the same way).
#include "review/reviewrequest.h"
#include "session/reviewsession.h"

class QCommandLineParser;

namespace gr::cli {

// Adds --champion, --candidate, --policy, --champion-threshold, --candidate-threshold,
// --id-column, --label-column, --score-column, --positive-class, --tracking-uri,
// --artifact-path and --timeout.
void addReviewRequestOptions(QCommandLineParser &parser);

// The request those options name; with `session`, what it saved fills in every option not
// given (options win). The sources may come back empty: the command says what it needs.
// Throws InputError for a bad threshold or timeout.
ReviewRequest reviewRequestFromOptions(const QCommandLineParser &parser,
                                       const ReviewSession *session = nullptr);

} // namespace gr::cli

#pragma once
// What to open as one review: each side's source (a prediction file, a run folder, an MLflow run
// folder or address) with its options (threshold override, columns, predictions artifact), the
// gate policy, the MLflow tracking URI and the canary data. openReview() turns it into a Review;
// a saved session stores it together with what each source resolved to.
#include "io/runloader.h"

#include <QStringList>

namespace gr {

struct ReviewRequest
{
    ReviewRequest() = default;
    ReviewRequest(QString champion, QString candidate, QString policy = {},
                  QString trackingUri = {})
        : champion(std::move(champion)), candidate(std::move(candidate)), policy(std::move(policy)),
          trackingUri(std::move(trackingUri))
    {
    }

    QString champion; // as the user named them (file, run folder or MLflow address)
    QString candidate;
    QString policy;      // gate policy YAML; empty: the built-in default
    QString trackingUri; // for MLflow addresses; MLFLOW_TRACKING_URI when empty
    // Per side: threshold override, column names, predictions artifact (trackingUri is taken from
    // the request, not from here).
    RunSourceOptions championOptions;
    RunSourceOptions candidateOptions;
    // Canary traffic files (Prometheus JSON or CSV), judged under `canaryPolicy` (empty: `policy`).
    QStringList canaryData;
    QString canaryPolicy;

    const QString &source(bool champion) const { return champion ? this->champion : candidate; }
    // The options a side is loaded with: its own plus the request's tracking URI.
    RunSourceOptions optionsFor(bool champion) const;
    // Same runs (sources and options) and policy: a re-evaluation, not a new review.
    bool samePair(const ReviewRequest &other) const;
    QString canaryPolicyPath() const { return canaryPolicy.isEmpty() ? policy : canaryPolicy; }
};

} // namespace gr

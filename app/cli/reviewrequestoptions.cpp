#include "reviewrequestoptions.h"

#include "mlflow/trackingstore.h"
#include "model/numberparsing.h"

#include <QCommandLineParser>

namespace gr::cli {

void addReviewRequestOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("champion"),
         QStringLiteral(
             "The model serving now: a prediction file, a run folder, or an MLflow address."),
         QStringLiteral("SRC")},
        {QStringLiteral("candidate"),
         QStringLiteral("The model that wants to replace it (same forms)."), QStringLiteral("SRC")},
        {QStringLiteral("policy"),
         QStringLiteral("Gate policy YAML (default: the built-in policy in the README)."),
         QStringLiteral("FILE")},
        {QStringLiteral("champion-threshold"),
         QStringLiteral("Override the champion's declared threshold."), QStringLiteral("T")},
        {QStringLiteral("candidate-threshold"),
         QStringLiteral("Override the candidate's declared threshold."), QStringLiteral("T")},
        {QStringLiteral("id-column"),
         QStringLiteral("Row id column name (default: row_id|id|index)."), QStringLiteral("NAME")},
        {QStringLiteral("label-column"),
         QStringLiteral("True label column name (default: y_true|label|target|actual)."),
         QStringLiteral("NAME")},
        {QStringLiteral("score-column"),
         QStringLiteral("Score column name (default: y_score|score|proba|probability|prediction)."),
         QStringLiteral("NAME")},
        {QStringLiteral("positive-class"),
         QStringLiteral(
             "Label value of the positive class, when labels are not 0/1 or true/false."),
         QStringLiteral("VALUE")},
        {QStringLiteral("tracking-uri"),
         QStringLiteral("MLflow tracking URI for models:/ and runs:/ sources (default: a "
                        "session's, else $MLFLOW_TRACKING_URI)."),
         QStringLiteral("URI")},
        {QStringLiteral("artifact-path"),
         QStringLiteral("Predictions artifact inside an MLflow run (default: predictions.csv)."),
         QStringLiteral("PATH")},
        {QStringLiteral("timeout"),
         QStringLiteral("Tracking server inactivity limit, seconds (default: "
                        "$MLFLOW_HTTP_REQUEST_TIMEOUT, else 120)."),
         QStringLiteral("S")},
    });
}

ReviewRequest reviewRequestFromOptions(const QCommandLineParser &parser,
                                       const ReviewSession *session)
{
    const ReviewSession none;
    const ReviewSession &saved = session ? *session : none;
    auto pick = [&parser](const char *option, const QString &fromSession) {
        const QString name = QLatin1String(option);
        return parser.isSet(name) ? parser.value(name) : fromSession;
    };
    auto threshold = [&parser](const char *option, std::optional<double> fromSession) {
        const QString name = QLatin1String(option);
        if (!parser.isSet(name)) return fromSession;
        return std::optional<double>(
            parseThreshold(parser.value(name), QStringLiteral("--") + name)); // NaN, inf refused
    };
    ReviewRequest request{pick("champion", saved.champion), pick("candidate", saved.candidate),
                          pick("policy", saved.policy), pick("tracking-uri", saved.trackingUri)};
    RunSourceOptions base;
    base.columns = {parser.value(QStringLiteral("id-column")),
                    parser.value(QStringLiteral("label-column")),
                    parser.value(QStringLiteral("score-column")),
                    parser.value(QStringLiteral("positive-class"))};
    if (parser.isSet(QStringLiteral("artifact-path")))
        base.artifactPath = parser.value(QStringLiteral("artifact-path"));
    base.trackingTimeoutMs = trackingTimeoutOption(parser.value(QStringLiteral("timeout")));
    request.championOptions = request.candidateOptions = base;
    request.championOptions.thresholdOverride =
        threshold("champion-threshold", saved.championThreshold);
    request.candidateOptions.thresholdOverride =
        threshold("candidate-threshold", saved.candidateThreshold);
    return request;
}

} // namespace gr::cli

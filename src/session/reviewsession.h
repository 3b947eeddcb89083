#pragma once
// A review session: enough to reopen a postmortem later — the inputs, the threshold overrides the
// gate used, the what-if thresholds being explored and the notes per diagnosis step. Stored as a
// `.gatereview` JSON file; input paths are written relative to the session file where possible,
// so a session checked in beside its data survives moving the folder.
#include <optional>
#include <QMap>
#include <QString>

namespace gr {

inline constexpr const char *kReviewSessionFormat = "gatereview/session";
inline constexpr int kReviewSessionVersion = 1;

struct ReviewSession
{
    // Absolute paths (or MLflow addresses, kept verbatim) once loaded.
    QString champion, candidate;
    QString policy; // empty: the built-in default policy
    QString trackingUri;
    std::optional<double> championThreshold, candidateThreshold; // overrides the gate used
    std::optional<double> championWhatIf, candidateWhatIf;       // thresholds being explored
    QMap<int, QString> notes;                                    // by diagnosis step (1..4)

    bool operator==(const ReviewSession &) const = default;
};

// Throws InputError naming the file (and line, for malformed JSON) and what to fix.
ReviewSession loadReviewSession(const QString &path);
ReviewSession parseReviewSession(const QByteArray &json, const QString &path);
// Written atomically; throws InputError when the file cannot be written.
void saveReviewSession(const ReviewSession &session, const QString &path);
QByteArray reviewSessionToJson(const ReviewSession &session, const QString &path);

} // namespace gr

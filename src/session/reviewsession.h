#pragma once
// A review session: enough to reopen a postmortem later — the inputs, the threshold overrides the
// gate used, the what-if thresholds being explored, the notes per diagnosis step and what each
// source resolved to when it was saved (so reopening can say when an alias moved). Stored as a
// `.gatereview` JSON file; input paths are written relative to the session file where possible,
// so a session checked in beside its data survives moving the folder.
#include <optional>
#include <QMap>
#include <QString>
#include <QStringList>

namespace gr {

inline constexpr const char *kReviewSessionFormat = "gatereview/session";
inline constexpr int kReviewSessionVersion = 1;

// What a source resolved to: the MLflow model version, run and alias behind it (when it has one)
// and the predictions file actually read, with the SHA-256 of its bytes.
struct SourceIdentity
{
    QString source; // as named
    QString modelName, modelVersion, alias, runId;
    QString file;   // absolute path of the predictions read
    QString sha256; // of that file's bytes, hex

    bool isEmpty() const { return file.isEmpty() && runId.isEmpty(); }
    bool operator==(const SourceIdentity &) const = default;
};

struct ReviewSession
{
    // Absolute paths (or MLflow addresses, kept verbatim) once loaded.
    QString champion, candidate;
    QString policy; // empty: the built-in default policy
    QString trackingUri;
    std::optional<double> championThreshold, candidateThreshold; // overrides the gate used
    std::optional<double> championWhatIf, candidateWhatIf;       // thresholds being explored
    QMap<int, QString> notes;                                    // by diagnosis step (1..4)
    QStringList canaryData; // canary traffic files judged in the review (absolute once loaded)
    QString canaryPolicy;   // empty: the gate policy
    SourceIdentity championIdentity, candidateIdentity; // as saved; empty in older sessions

    bool operator==(const ReviewSession &) const = default;
};

// Throws InputError naming the file (and line, for malformed JSON) and what to fix.
ReviewSession loadReviewSession(const QString &path);
ReviewSession parseReviewSession(const QByteArray &json, const QString &path);
// Written atomically; throws InputError when the file cannot be written.
void saveReviewSession(const ReviewSession &session, const QString &path);
QByteArray reviewSessionToJson(const ReviewSession &session, const QString &path);

} // namespace gr

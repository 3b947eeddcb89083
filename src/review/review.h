#pragma once
// One open review, owned in one place: the request it was opened from, what each source resolved
// to, the gate report, the canary result, the diagnosis evidence, the engineer's notes, the
// what-if thresholds being explored and the decision recorded in it. Opening other runs makes a
// new Review; nothing of the previous one (notes, decision, canary) survives into it.
#include "canaryevaluator.h"
#include "diagnosis/diagnosis.h"
#include "gate/gatereport.h"
#include "model/decision.h"
#include "reviewrequest.h"
#include "session/reviewsession.h"

#include <memory>
#include <optional>
#include <QMap>
#include <QStringList>

namespace gr {

struct RecordedDecision
{
    Decision decision;
    qint64 id = 0;   // its id in the decision log
    QString hash;    // its record hash in the log's chain
    QString logPath; // the log it was appended to
};

struct Review
{
    ReviewRequest request;
    SourceIdentity championIdentity, candidateIdentity; // what each source resolved to
    std::shared_ptr<const GateReport> report;
    std::shared_ptr<const CanaryResult> canary; // when canary data was judged
    // The analysis and diagnosis: computed with the review when asked (the CLI's report), or
    // after it, off the window's UI thread, once the verdict is shown.
    ReviewEvidence evidence;
    QStringList warnings;     // what the engineer must know before trusting the dollars
    QMap<int, QString> notes; // by diagnosis step (1..4)
    std::optional<double> championWhatIf, candidateWhatIf; // unset: the declared threshold
    std::optional<RecordedDecision> decision;

    bool isOpen() const { return report != nullptr; }
    const SourceIdentity &identity(bool champion) const
    {
        return champion ? championIdentity : candidateIdentity;
    }
};

// What a loaded run resolved to: its MLflow identity (when it has one) and the file read.
SourceIdentity identityOf(const QString &source, const Run &run);

// Warnings for a re-opened saved review whose sources now resolve to something else: an alias
// that moved to another version or run, or a file whose bytes changed.
QStringList identityChanges(const SourceIdentity &saved, const SourceIdentity &now,
                            const QString &side);

} // namespace gr

#pragma once
// The open review, as every page sees it: a thin QObject around the core's gr::Review (the gate
// report, canary result, notes, what-if thresholds and recorded decision), telling pages what
// changed. Opening other runs replaces the whole Review: nothing of the previous one — notes,
// decision, canary — reaches the next. MainWindow owns it.
#include "review/review.h"
#include "sweepcurves.h"

#include <memory>
#include <optional>
#include <QMap>
#include <QObject>

namespace gr::ui {

enum class Side
{
    Champion,
    Candidate
};

// What to open: both sources, the policy, the tracking URI (the first four members, in that
// order), per-side options and canary data.
using ReviewInputs = gr::ReviewRequest;

class ReviewState : public QObject
{
    Q_OBJECT
public:
    explicit ReviewState(QObject *parent = nullptr);

    const Review &review() const { return m_review; }
    std::shared_ptr<const GateReport> report() const { return m_review.report; }
    bool hasReport() const { return m_review.report != nullptr; }
    const ReviewInputs &inputs() const { return m_review.request; }

    // Replaces the whole review. When the new review re-evaluates the same runs (another policy),
    // the notes, what-if thresholds and canary result carry over; the decision never does.
    void setReview(Review review);
    // The same from an already evaluated report (tests, embedding code).
    void setReport(std::shared_ptr<const GateReport> report, const ReviewInputs &inputs);
    void clear();

    // What-if thresholds default to each run's declared threshold.
    double whatIfThreshold(Side side) const;
    bool isWhatIf(Side side) const; // differs from the declared threshold
    void setWhatIfThreshold(Side side, double threshold);
    void resetWhatIf();

    // What-if cell values (the Cost sensitivity page's): every page's dollars use values() and say
    // "what-if" when isValuesWhatIf(); the verdict never does. Default: the policy's values. A
    // change emits whatIfChanged for both sides, so pages refresh as for a threshold.
    CellValues values() const;
    bool isValuesWhatIf() const;
    void setWhatIfValues(const CellValues &values);
    // Any what-if at all: a threshold on either side or the cell values.
    bool anyWhatIf() const;

    // The side's evaluation in the report (nullptr without one), and its confusion metrics at the
    // what-if threshold and values: an O(log N) lookup into the sweep, cheap enough for every
    // slider move.
    const ModelEvaluation *evaluation(Side side) const;
    ModelMetrics whatIfMetrics(Side side) const;
    double declaredThreshold(Side side) const;
    // The side's sweep sampled for the plots at values(): computed once per sweep and values and
    // shared by the pages that draw it (net benefit, threshold sensitivity), so opening a review
    // samples each sweep once on the UI thread, not once per page. Empty without a sweep.
    SweepCurves sweepCurves(Side side) const;
    // The what-if in one sentence for the pages' banners ("at thresholds … the champion would make
    // … (ΔNB …)"); empty without a review or a what-if. Different test sets give no ΔNB.
    QString whatIfSummary() const;

    // Layer 4: the canary result judged from `data` under `policy`, joined to the report.
    void setCanary(std::shared_ptr<const CanaryResult> result, const QString &policy,
                   const QStringList &data);
    std::shared_ptr<const CanaryResult> canary() const { return m_review.canary; }
    // Replaces the report's canary layer (the verdict of layers 1-3 is unchanged).
    void setCanaryLayer(const LayerOutcome &canary);

    // The analysis and diagnosis of the open report, once computed (AnalysisState computes them
    // off the UI thread after the verdict is shown). Evidence for a report that is no longer
    // the open one is ignored, so one review's evidence never lands in the next.
    const ReviewEvidence &evidence() const { return m_review.evidence; }
    void setEvidence(const std::shared_ptr<const GateReport> &forReport, ReviewEvidence evidence);

    QString notes(int step) const { return m_review.notes.value(step); }
    void setNotes(int step, const QString &text);
    const QMap<int, QString> &allNotes() const { return m_review.notes; }

    // The decision recorded in this review (with its log id and hash), for reports.
    const std::optional<RecordedDecision> &decision() const { return m_review.decision; }
    void setDecision(const RecordedDecision &decision);

    // Unsaved work: notes, what-if thresholds or canary data changed since the review was opened
    // or saved.
    bool isModified() const { return m_modified; }
    void setModified(bool modified);

signals:
    void reportChanged();
    void evidenceChanged();
    void whatIfChanged(gr::ui::Side side);
    void notesChanged(int step);
    void decisionChanged();
    void modifiedChanged(bool modified);

private:
    std::optional<double> &whatIfSlot(Side side);

    struct SampledCurves
    {
        std::shared_ptr<const ThresholdSweep> sweep; // held: a new sweep never shares its address
        CellValues values;
        SweepCurves curves;
    };

    Review m_review;
    mutable SampledCurves m_sampled[2];
    std::optional<CellValues> m_whatIfValues; // not saved with the review: an exploration
    bool m_modified = false;
};

} // namespace gr::ui

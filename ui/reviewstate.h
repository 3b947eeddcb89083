#pragma once
// The review in progress, shared by every page: the gate report the core computed, the what-if
// thresholds the engineer is exploring (which never change the verdict), the canary layer when
// canary data is loaded, and the engineer's notes per diagnosis step. Pages read it and listen to
// its signals; MainWindow owns it.
#include "gate/gatereport.h"

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

struct ReviewInputs
{
    QString champion; // as the user named them (file, run folder or MLflow address)
    QString candidate;
    QString policy; // empty: the built-in default policy
    QString trackingUri;
};

class ReviewState : public QObject
{
    Q_OBJECT
public:
    explicit ReviewState(QObject *parent = nullptr);

    std::shared_ptr<const GateReport> report() const { return m_report; }
    bool hasReport() const { return m_report != nullptr; }
    const ReviewInputs &inputs() const { return m_inputs; }
    void setReport(std::shared_ptr<const GateReport> report, const ReviewInputs &inputs);
    void clear();

    // What-if thresholds default to each run's declared threshold.
    double whatIfThreshold(Side side) const;
    bool isWhatIf(Side side) const; // differs from the declared threshold
    void setWhatIfThreshold(Side side, double threshold);
    void resetWhatIf();

    // The side's evaluation in the report (nullptr without one), and its confusion metrics at the
    // what-if threshold: an O(log N) lookup into the sweep, cheap enough for every slider move.
    const ModelEvaluation *evaluation(Side side) const;
    ModelMetrics whatIfMetrics(Side side) const;
    double declaredThreshold(Side side) const;

    // Layer 4: replaces the report's canary layer (the verdict of layers 1-3 is unchanged).
    void setCanaryLayer(const LayerOutcome &canary);

    QString notes(int step) const { return m_notes.value(step); }
    void setNotes(int step, const QString &text);
    const QMap<int, QString> &allNotes() const { return m_notes; }

signals:
    void reportChanged();
    void whatIfChanged(gr::ui::Side side);
    void notesChanged(int step);

private:
    std::shared_ptr<const GateReport> m_report;
    ReviewInputs m_inputs;
    double m_whatIf[2] = {0.5, 0.5};
    QMap<int, QString> m_notes;
};

} // namespace gr::ui

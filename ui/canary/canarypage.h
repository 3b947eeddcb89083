#pragma once
// Layer 4 in the review: load canary traffic (Prometheus query_range JSON or CSV) and the policy
// with its canary: section, see each metric over time for baseline and canary with the limit,
// the verdict of every interval, and the two prediction-score distributions. The verdict joins
// the gate as layer 4 through ReviewState::setCanaryLayer.
#include "canaryevaluator.h"
#include "reviewstate.h"

#include <memory>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

namespace gr::ui {

class CanaryIntervalModel;
class PlotView;

class CanaryPage : public QWidget
{
    Q_OBJECT
public:
    CanaryPage(ReviewState *state, QWidget *parent = nullptr);
    ~CanaryPage() override;

    // Reads the policy and the data and evaluates them. On bad input shows the message (file,
    // line, what is wrong) in place of the verdict and returns false.
    bool load(const QString &policyPath, const QStringList &dataPaths);
    const CanaryResult *result() const { return m_result.get(); }
    QString errorText() const { return m_error; }
    // The metric the page opens on: the one whose shift or limit decided the verdict.
    static QString decisiveMetric(const CanaryResult &result);

signals:
    void evaluated(gr::CanaryVerdict verdict);

private:
    void chooseFiles();
    void showResult();
    void showMetric();
    void reviewChanged();
    void clearPlots();

    ReviewState *m_state;
    std::shared_ptr<const CanaryResult> m_result; // the open review's, shown
    QString m_noDataText;
    QString m_error;
    QPushButton *m_load;
    QLabel *m_verdict;
    QLabel *m_judge;
    QComboBox *m_metric;
    PlotView *m_metricPlot;
    PlotView *m_scorePlot;
    QLabel *m_scoreSummary;
    QTableView *m_intervals;
    CanaryIntervalModel *m_model;
};

} // namespace gr::ui

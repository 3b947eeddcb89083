#pragma once
// The two runs' params, metrics, tags and dataset inputs side by side (MLflow or sidecar
// metadata), differences first: what changed between the champion's run and the candidate's.
#include <QWidget>

namespace gr::ui {

class ReviewState;
class RunDiffView;

class RunDiffPage : public QWidget
{
    Q_OBJECT
public:
    RunDiffPage(ReviewState *state, QWidget *parent = nullptr);

private:
    void onReportChanged();

    ReviewState *m_state;
    RunDiffView *m_view;
};

} // namespace gr::ui

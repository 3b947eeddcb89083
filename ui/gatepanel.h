#pragma once
// The gate at a glance: the final PROMOTED / NOT_PROMOTED / INVALID, the reasons, and the four
// layers with every check's value, limit and result.
#include "reviewstate.h"

#include <QWidget>

class QLabel;
class QTreeView;

namespace gr::ui {

class GateModel;

class GatePanel : public QWidget
{
    Q_OBJECT
public:
    explicit GatePanel(ReviewState *state, QWidget *parent = nullptr);

private:
    void refresh();
    void refreshWhatIf();
    ReviewState *m_state;
    GateModel *m_model;
    QLabel *m_verdict;
    QLabel *m_reasons;
    QLabel *m_whatIf; // net benefits at the what-if thresholds and values, labelled
    QTreeView *m_tree;
};

} // namespace gr::ui

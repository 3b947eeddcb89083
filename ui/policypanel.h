#pragma once
// On the Overview: which gate policy is in force and the cost matrix it prices outcomes with, so
// nobody reads dollars without knowing whose dollars they are; and, above it, every warning the
// review raised (a run that logged other cost values, a saved alias that now points elsewhere).
#include "reviewstate.h"

#include <QFrame>

class QLabel;

namespace gr::ui {

class PolicyPanel : public QFrame
{
    Q_OBJECT
public:
    PolicyPanel(ReviewState *state, QWidget *parent = nullptr);

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void applyColours();

    ReviewState *m_state;
    QLabel *m_policy;
    QLabel *m_warnings;
};

} // namespace gr::ui

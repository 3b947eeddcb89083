#pragma once
// The warning shown when the two runs were not scored on the same test set: any difference is then
// a difference of data, not of models. Hidden when the test sets are identical.
#include "reviewstate.h"

#include <QFrame>

class QLabel;

namespace gr::ui {

class MismatchBanner : public QFrame
{
    Q_OBJECT
public:
    explicit MismatchBanner(ReviewState *state, QWidget *parent = nullptr);

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void applyColours();
    ReviewState *m_state;
    QLabel *m_title;
    QLabel *m_detail;
    QString m_styled;
};

} // namespace gr::ui

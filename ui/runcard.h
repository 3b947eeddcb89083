#pragma once
// What is known about one side of the review: names, ids, threshold, test-set size and where the
// predictions came from. Values are selectable so ids can be copied.
#include "reviewstate.h"

#include <QGroupBox>

class QFormLayout;
class QLabel;

namespace gr::ui {

class RunCard : public QGroupBox
{
    Q_OBJECT
public:
    RunCard(Side side, ReviewState *state, QWidget *parent = nullptr);

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void applyAccent();
    QLabel *addRow(const QString &label, const QString &name);

    Side m_side;
    ReviewState *m_state;
    QFormLayout *m_form;
    QString m_accent; // the colour styled in, so a palette change restyles only when it must
    QLabel *m_name, *m_model, *m_runId, *m_threshold, *m_rows, *m_digest, *m_datasets, *m_source,
        *m_notes;
};

} // namespace gr::ui

#pragma once
// One model's what-if threshold: a slider, a spin box and a reset to the declared threshold,
// kept in step with ReviewState (and so with the draggable line on the plots).
#include "reviewstate.h"

#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;

namespace gr::ui {

class ThresholdControl : public QWidget
{
    Q_OBJECT
public:
    ThresholdControl(Side side, ReviewState *state, QWidget *parent = nullptr);
    static constexpr int kSliderSteps = 10000;

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void applyAccent();
    Side m_side;
    ReviewState *m_state;
    QLabel *m_title;
    QSlider *m_slider;
    QDoubleSpinBox *m_spin;
    QPushButton *m_reset;
    QLabel *m_status;
    QString m_accent;
};

} // namespace gr::ui

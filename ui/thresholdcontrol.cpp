#include "thresholdcontrol.h"
#include "palette.h"

#include <QApplication>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>

namespace gr::ui {

ThresholdControl::ThresholdControl(Side side, ReviewState *state, QWidget *parent)
    : QWidget(parent), m_side(side), m_state(state), m_title(new QLabel(this)),
      m_slider(new QSlider(Qt::Horizontal, this)), m_spin(new QDoubleSpinBox(this)),
      m_reset(new QPushButton(tr("Declared"), this)), m_status(new QLabel(this))
{
    const QString prefix =
        side == Side::Champion ? QStringLiteral("champion") : QStringLiteral("candidate");
    setObjectName(prefix + QStringLiteral("ThresholdControl"));
    m_slider->setObjectName(prefix + QStringLiteral("ThresholdSlider"));
    m_spin->setObjectName(prefix + QStringLiteral("ThresholdSpin"));
    m_reset->setObjectName(prefix + QStringLiteral("ThresholdReset"));
    m_status->setObjectName(prefix + QStringLiteral("ThresholdStatus"));
    m_title->setText(side == Side::Champion ? tr("Champion threshold") : tr("Candidate threshold"));
    applyAccent();
    m_slider->setRange(0, kSliderSteps);
    // Arrow keys move 0.01 and Page Up/Down 0.1: the slider's resolution is finer than a key
    // press should be.
    m_slider->setSingleStep(kSliderSteps / 100);
    m_slider->setPageStep(kSliderSteps / 10);
    m_slider->setMinimumWidth(160);
    m_spin->setRange(0, 1);
    m_spin->setDecimals(4);
    m_spin->setSingleStep(0.01);
    m_spin->setKeyboardTracking(false);
    m_reset->setToolTip(tr("Back to the run's declared threshold (the one the gate uses)"));
    m_status->setMinimumWidth(150);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_spin);
    layout->addWidget(m_reset);
    layout->addWidget(m_status);

    connect(m_slider, &QSlider::valueChanged, this,
            [this](int v) { m_state->setWhatIfThreshold(m_side, double(v) / kSliderSteps); });
    connect(m_spin, &QDoubleSpinBox::valueChanged, this,
            [this](double v) { m_state->setWhatIfThreshold(m_side, v); });
    connect(m_reset, &QPushButton::clicked, this,
            [this] { m_state->setWhatIfThreshold(m_side, m_state->declaredThreshold(m_side)); });
    connect(state, &ReviewState::reportChanged, this, &ThresholdControl::refresh);
    connect(state, &ReviewState::whatIfChanged, this, [this](Side s) {
        if (s == m_side) refresh();
    });
    refresh();
}

void ThresholdControl::applyAccent()
{
    const QColor accent = m_side == Side::Champion ? colors::champion(QApplication::palette())
                                                   : colors::candidate(QApplication::palette());
    if (accent.name() == m_accent) return;
    m_accent = accent.name();
    m_title->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;").arg(m_accent));
}

void ThresholdControl::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) applyAccent();
}

void ThresholdControl::refresh()
{
    const bool has = m_state->hasReport();
    setEnabled(has);
    const double t = m_state->whatIfThreshold(m_side);
    {
        const QSignalBlocker b1(m_slider), b2(m_spin);
        m_slider->setValue(int(std::lround(t * kSliderSteps)));
        m_spin->setValue(t);
    }
    const bool whatIf = m_state->isWhatIf(m_side);
    m_reset->setEnabled(whatIf);
    m_status->setText(
        !has     ? QString()
        : whatIf ? tr("WHAT-IF (declared %1)").arg(m_state->declaredThreshold(m_side), 0, 'g', 6)
                 : tr("declared"));
    QFont f = m_status->font();
    f.setBold(whatIf);
    m_status->setFont(f);
}

} // namespace gr::ui

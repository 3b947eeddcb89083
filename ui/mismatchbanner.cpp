#include "mismatchbanner.h"
#include "palette.h"

#include <QApplication>
#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

namespace gr::ui {

MismatchBanner::MismatchBanner(ReviewState *state, QWidget *parent)
    : QFrame(parent), m_state(state), m_title(new QLabel(this)), m_detail(new QLabel(this))
{
    setObjectName(QStringLiteral("mismatchBanner"));
    m_title->setObjectName(QStringLiteral("mismatchTitle"));
    m_detail->setObjectName(QStringLiteral("mismatchDetail"));
    applyColours();
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.2);
    m_title->setFont(bold);
    m_title->setText(
        tr("⚠ Comparing data, not models: the two runs were not scored on the same test set."));
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_detail);
    connect(state, &ReviewState::reportChanged, this, &MismatchBanner::refresh);
    refresh();
}

void MismatchBanner::applyColours()
{
    const QPalette p = QApplication::palette();
    const QColor c = colors::fail(p);
    const QString sheet =
        QStringLiteral(
            "QFrame#mismatchBanner { border: 2px solid %1; border-radius: 4px; background: %2; }")
            .arg(c.name(), colors::tint(c, p, 0.6).name(QColor::HexArgb));
    if (sheet == m_styled) return;
    m_styled = sheet;
    setStyleSheet(sheet);
}

void MismatchBanner::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) applyColours();
}

void MismatchBanner::refresh()
{
    const auto report = m_state->report();
    const bool mismatch = report && !report->testSet.identical;
    setVisible(mismatch);
    if (!mismatch) return;
    const TestSetCheck &t = report->testSet;
    QStringList detail{t.summary()};
    if (!t.firstOnlyInChampion.isEmpty())
        detail << tr("Only in the champion's set (first ids): %1")
                      .arg(t.firstOnlyInChampion.join(QStringLiteral(", ")));
    if (!t.firstOnlyInCandidate.isEmpty())
        detail << tr("Only in the candidate's set (first ids): %1")
                      .arg(t.firstOnlyInCandidate.join(QStringLiteral(", ")));
    detail << tr("Fingerprints: champion %1…, candidate %2…")
                  .arg(t.championFingerprint.left(12), t.candidateFingerprint.left(12));
    detail << tr("Score both models on the same fixed test set and open the pair again.");
    m_detail->setText(detail.join(QLatin1Char('\n')));
}

} // namespace gr::ui

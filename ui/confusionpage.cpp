#include "confusionpage.h"
#include "confusionmatrixmodel.h"
#include "matrixview.h"
#include "pairedtablemodel.h"
#include "thresholdcontrol.h"

#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QVBoxLayout>

namespace gr::ui {

namespace {

QGroupBox *box(const QString &title, QLabel *caption, QWidget *view, QWidget *parent)
{
    auto *group = new QGroupBox(title, parent);
    auto *layout = new QVBoxLayout(group);
    caption->setWordWrap(true);
    layout->addWidget(caption);
    layout->addWidget(view, 1);
    return group;
}

} // namespace

ConfusionPage::ConfusionPage(ReviewState *state, QWidget *parent)
    : QWidget(parent), m_state(state), m_champion(new ConfusionMatrixModel(this)),
      m_candidate(new ConfusionMatrixModel(this)), m_delta(new ConfusionMatrixModel(this)),
      m_paired(new PairedTableModel(this)), m_championCaption(new QLabel(this)),
      m_candidateCaption(new QLabel(this)), m_deltaCaption(new QLabel(this)),
      m_mcnemar(new QLabel(this)), m_whatIfNote(new QLabel(this))
{
    setObjectName(QStringLiteral("confusionPage"));
    m_championCaption->setObjectName(QStringLiteral("championMatrixCaption"));
    m_candidateCaption->setObjectName(QStringLiteral("candidateMatrixCaption"));
    m_deltaCaption->setObjectName(QStringLiteral("deltaMatrixCaption"));
    m_mcnemar->setObjectName(QStringLiteral("mcnemarLabel"));
    m_whatIfNote->setObjectName(QStringLiteral("confusionWhatIfNote"));
    m_mcnemar->setWordWrap(true);
    m_whatIfNote->setWordWrap(true);

    auto *championView = new MatrixView(QStringLiteral("championMatrix"), this);
    auto *candidateView = new MatrixView(QStringLiteral("candidateMatrix"), this);
    auto *deltaView = new MatrixView(QStringLiteral("deltaMatrix"), this);
    auto *pairedView = new MatrixView(QStringLiteral("pairedTable"), this);
    championView->setModel(m_champion);
    candidateView->setModel(m_candidate);
    deltaView->setModel(m_delta);
    pairedView->setModel(m_paired);
    deltaView->setToolTip(tr("Click a cell to list the rows that moved into or out of it (at the "
                             "declared thresholds) on the Where it lost page."));
    pairedView->setToolTip(tr("Click a cell to list its rows on the Where it lost page."));
    connect(deltaView, &QTableView::clicked, this, [this](const QModelIndex &index) {
        const auto report = m_state->report();
        if (!report || !report->comparison) return; // different test sets: no paired rows
        emit rowsRequested(DisagreementModel::Outcome::CellChanged,
                           ConfusionMatrixModel::cellAt(index.row(), index.column()));
    });
    connect(pairedView, &QTableView::clicked, this, [this](const QModelIndex &index) {
        using Outcome = DisagreementModel::Outcome;
        const auto report = m_state->report();
        if (!report || !report->comparison) return;
        static constexpr Outcome kOutcomes[2][2] = {
            {Outcome::BothRight, Outcome::ChampionOnlyRight},
            {Outcome::CandidateOnlyRight, Outcome::BothWrong}};
        emit rowsRequested(kOutcomes[index.row()][index.column()], Cell::TP);
    });

    auto *grid = new QGridLayout;
    grid->addWidget(box(tr("Champion"), m_championCaption, championView, this), 0, 0);
    grid->addWidget(box(tr("Candidate"), m_candidateCaption, candidateView, this), 0, 1);
    grid->addWidget(box(tr("Δ candidate − champion"), m_deltaCaption, deltaView, this), 1, 0);
    grid->addWidget(box(tr("Paired outcomes (declared thresholds)"), m_mcnemar, pairedView, this),
                    1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new ThresholdControl(Side::Champion, state, this));
    layout->addWidget(new ThresholdControl(Side::Candidate, state, this));
    layout->addWidget(m_whatIfNote);
    layout->addLayout(grid, 1);

    connect(state, &ReviewState::reportChanged, this, &ConfusionPage::refreshReport);
    connect(state, &ReviewState::whatIfChanged, this, &ConfusionPage::refreshMatrices);
    refreshReport();
}

void ConfusionPage::refreshReport()
{
    const auto report = m_state->report();
    m_paired->setComparison(report ? report->comparison : std::nullopt);
    if (!report)
        m_mcnemar->setText(tr("Open a review to see the paired outcomes."));
    else if (!report->comparison)
        m_mcnemar->setText(tr("Not available: the two runs were not scored on the same test set, "
                              "so rows cannot be paired."));
    else {
        const McNemarTest &m = report->comparison->mcnemar;
        if (!m.hasDiscordantRows()) // p = 1 would read as "no difference": there is no evidence
            m_mcnemar->setText(tr("McNemar exact test: b = 0, c = 0: no discordant rows (each row "
                                  "is right for both models or wrong for both), so the test has "
                                  "no information about a difference."));
        else
            m_mcnemar->setText(
                tr("McNemar exact test: b = %1 (champion only right), c = %2 (candidate "
                   "only right), p %3")
                    .arg(formatCount(m.b), formatCount(m.c),
                         m.pValue > 0 ? QStringLiteral("= ") + formatPValue(m.pValue)
                                      : formatPValue(m.pValue)));
    }
    refreshMatrices();
}

void ConfusionPage::refreshMatrices()
{
    const auto report = m_state->report();
    if (!report) {
        m_champion->clear();
        m_candidate->clear();
        m_delta->clear();
        for (QLabel *l : {m_championCaption, m_candidateCaption, m_deltaCaption, m_whatIfNote})
            l->clear();
        return;
    }
    const QString currency = report->policy.currency;
    const ModelMetrics champion = m_state->whatIfMetrics(Side::Champion);
    const ModelMetrics candidate = m_state->whatIfMetrics(Side::Candidate);
    const CellValues values = m_state->values(); // the policy's, or the what-if values
    m_champion->setConfusion(champion.confusion, values, currency);
    m_candidate->setConfusion(candidate.confusion, values, currency);
    auto caption = [&](Side side, const ModelMetrics &m) {
        return tr("threshold %1%2 · net benefit %3 · precision %4 · recall %5 · F1 %6")
            .arg(m.threshold, 0, 'f', 4)
            .arg(m_state->isWhatIf(side) || m_state->isValuesWhatIf() ? tr(" (WHAT-IF)")
                                                                      : tr(" (declared)"))
            .arg(formatMoney(m.netBenefit, currency))
            .arg(m.precision, 0, 'f', 4)
            .arg(m.recall, 0, 'f', 4)
            .arg(m.f1, 0, 'f', 4);
    };
    m_championCaption->setText(caption(Side::Champion, champion));
    m_candidateCaption->setText(caption(Side::Candidate, candidate));
    if (report->testSet.identical) {
        m_delta->setDelta(champion.confusion, candidate.confusion, values, currency);
        const Money delta = candidate.netBenefit - champion.netBenefit;
        m_deltaCaption->setText(tr("ΔNB %1 · blue cells gain dollars, orange cells lose them")
                                    .arg(formatSignedMoney(delta, currency)));
    } else {
        m_delta->clear();
        m_deltaCaption->setText(tr("Not comparable: the test sets differ."));
    }
    const bool whatIf = m_state->isWhatIf(Side::Champion) || m_state->isWhatIf(Side::Candidate);
    QString note = whatIf ? tr("WHAT-IF: the matrices show the thresholds set above. The "
                               "gate's verdict still uses the declared thresholds (%1 and %2).")
                                .arg(m_state->declaredThreshold(Side::Champion), 0, 'g', 6)
                                .arg(m_state->declaredThreshold(Side::Candidate), 0, 'g', 6)
                          : tr("Matrices at the runs' declared thresholds, the ones the gate "
                               "uses. Move a threshold to explore.");
    if (m_state->isValuesWhatIf())
        note += tr(" WHAT-IF dollars (Cost sensitivity page): FP %1, FN %2 per row; the verdict "
                   "still uses the policy's %3 and %4.")
                    .arg(formatMoney(values.fp, currency), formatMoney(values.fn, currency),
                         formatMoney(report->policy.values.fp, currency),
                         formatMoney(report->policy.values.fn, currency));
    m_whatIfNote->setText(note);
}

} // namespace gr::ui

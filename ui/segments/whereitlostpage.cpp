#include "whereitlostpage.h"

#include "palette.h"
#include "plotview.h"
#include "report/whereitlost.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include <set>

namespace gr::ui {

namespace {

// Sorts by a number while showing formatted text.
class NumberItem : public QTableWidgetItem
{
public:
    NumberItem(const QString &text, double key) : QTableWidgetItem(text), m_key(key)
    {
        setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    bool operator<(const QTableWidgetItem &other) const override
    {
        if (const auto *n = dynamic_cast<const NumberItem *>(&other)) return m_key < n->m_key;
        return QTableWidgetItem::operator<(other);
    }

private:
    double m_key;
};

QString cellText(Cell c)
{
    return QString::fromLatin1(cellName(c)).toUpper();
}

} // namespace

WhereItLostPage::WhereItLostPage(ReviewState *state, QWidget *parent)
    : QWidget(parent), m_state(state), m_model(new DisagreementModel(this)),
      m_summary(new QLabel(this)), m_slices(new QTableWidget(this)),
      m_segments(new QTableWidget(this)), m_chart(new PlotView(this)),
      m_outcome(new QComboBox(this)), m_sliceLabel(new QLabel(this)),
      m_clearSlice(new QPushButton(tr("All rows"), this)),
      m_export(new QPushButton(tr("Export selection as CSV…"), this)),
      m_rowsSummary(new QLabel(this)), m_rows(new QTableView(this))
{
    setObjectName(QStringLiteral("whereItLostPage"));
    m_summary->setObjectName(QStringLiteral("whereItLostSummary"));
    m_slices->setObjectName(QStringLiteral("sliceTable"));
    m_segments->setObjectName(QStringLiteral("segmentTable"));
    m_chart->setObjectName(QStringLiteral("segmentDeltaChart"));
    m_outcome->setObjectName(QStringLiteral("outcomeFilter"));
    m_sliceLabel->setObjectName(QStringLiteral("sliceFilter"));
    m_clearSlice->setObjectName(QStringLiteral("clearSlice"));
    m_export->setObjectName(QStringLiteral("exportRows"));
    m_rowsSummary->setObjectName(QStringLiteral("rowsSummary"));
    m_rows->setObjectName(QStringLiteral("disagreementRows"));
    for (QLabel *l : {m_summary, m_rowsSummary, m_sliceLabel}) {
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    for (QTableWidget *t : {m_slices, m_segments}) {
        t->setEditTriggers(QAbstractItemView::NoEditTriggers);
        t->setSelectionBehavior(QAbstractItemView::SelectRows);
        t->verticalHeader()->hide();
    }
    m_segments->setSortingEnabled(true);
    m_slices->setSelectionMode(QAbstractItemView::SingleSelection);

    using Outcome = DisagreementModel::Outcome;
    const auto addOutcome = [this](const QString &text, Outcome outcome, Cell from = Cell::TP,
                                   Cell to = Cell::TP) {
        m_outcome->addItem(text, QVariantList{int(outcome), int(from), int(to)});
    };
    addOutcome(tr("One model right, the other wrong"), Outcome::Disagreements);
    addOutcome(tr("Champion only right"), Outcome::ChampionOnlyRight);
    addOutcome(tr("Candidate only right"), Outcome::CandidateOnlyRight);
    addOutcome(tr("Both wrong"), Outcome::BothWrong);
    addOutcome(tr("Both right"), Outcome::BothRight);
    addOutcome(tr("All rows"), Outcome::AllRows);
    for (int a = 0; a < 4; ++a)
        addOutcome(tr("Into or out of %1 (the Δ matrix's %1 cell)").arg(cellText(Cell(a))),
                   Outcome::CellChanged, Cell(a));
    for (int a = 0; a < 4; ++a)
        for (int b = 0; b < 4; ++b)
            if (a != b)
                addOutcome(
                    tr("Champion %1 → candidate %2").arg(cellText(Cell(a)), cellText(Cell(b))),
                    Outcome::Transition, Cell(a), Cell(b));

    m_rows->setModel(m_model);
    m_rows->setSortingEnabled(true);
    m_rows->sortByColumn(-1, Qt::AscendingOrder);
    m_rows->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_rows->verticalHeader()->setDefaultSectionSize(m_rows->fontMetrics().height() + 6);
    m_rows->verticalHeader()->hide();
    m_rows->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);

    m_chart->yAxis->setLabel(tr("ΔNB (candidate − champion), with interval"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    auto *top = new QSplitter(Qt::Horizontal, splitter);
    auto *tables = new QSplitter(Qt::Vertical, top);
    tables->addWidget(m_slices);
    tables->addWidget(m_segments);
    top->addWidget(tables);
    top->addWidget(m_chart);
    auto *bottom = new QWidget(splitter);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Rows:"), bottom));
    filters->addWidget(m_outcome);
    filters->addWidget(m_sliceLabel, 1);
    filters->addWidget(m_clearSlice);
    filters->addWidget(m_export);
    bottomLayout->addLayout(filters);
    bottomLayout->addWidget(m_rowsSummary);
    bottomLayout->addWidget(m_rows, 1);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 2);
    splitter->addWidget(top);
    splitter->addWidget(bottom);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    connect(m_outcome, &QComboBox::currentIndexChanged, this, &WhereItLostPage::applyOutcome);
    connect(m_clearSlice, &QPushButton::clicked, this, [this] { showSlice(-1); });
    connect(m_slices, &QTableWidget::cellClicked, this, [this](int row, int) { showSlice(row); });
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export rows"), QString(),
                                                          tr("CSV files (*.csv)"));
        if (!path.isEmpty()) exportRows(path);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &WhereItLostPage::updateRowsSummary);
    connect(m_model, &DisagreementModel::busyChanged, this, &WhereItLostPage::updateRowsSummary);
    connect(m_state, &ReviewState::reportChanged, this, &WhereItLostPage::rebuild);
    rebuild();
}

void WhereItLostPage::rebuild()
{
    const auto report = m_state->report();
    m_model->setReport(report);
    const SegmentAnalysis *a = report ? report->segments.get() : nullptr;
    if (!report) {
        m_summary->setText(tr("Open a champion and a candidate to see where the candidate lost."));
    } else if (!report->comparison) {
        m_summary->setText(tr("The runs were not scored on the same test set: there is no paired "
                              "comparison to break down."));
    } else if (!a || !a->hasSegments()) {
        QString text = tr("The prediction files have no segment columns (columns beside the id, "
                          "label and score, such as plan or region): the rows below can still be "
                          "filtered by paired outcome.");
        if (a && !a->notes.isEmpty()) text += QLatin1Char(' ') + a->notes.join(QLatin1Char(' '));
        m_summary->setText(text);
    } else {
        QStringList lines = sliceFindings(*a);
        lines << whereItLostMethod(*a);
        lines << a->notes;
        m_summary->setText(lines.join(QStringLiteral("\n")));
    }
    fillSlices();
    fillSegments();
    fillChart();
    applyOutcome();
}

void WhereItLostPage::fillSlices()
{
    const auto report = m_state->report();
    const SegmentAnalysis *a = report ? report->segments.get() : nullptr;
    const QList<ReportTable> tables =
        a ? whereItLostTables(*a, 0) : QList<ReportTable>{ReportTable{}, ReportTable{}};
    const ReportTable &t = tables[0];
    m_slices->clear();
    m_slices->setColumnCount(int(t.header.size()));
    m_slices->setHorizontalHeaderLabels(t.header);
    m_slices->setRowCount(int(t.rows.size()));
    for (int r = 0; r < t.rows.size(); ++r)
        for (int c = 0; c < t.rows[r].size(); ++c) {
            auto *item = new QTableWidgetItem(t.rows[r][c]);
            if (t.numeric.value(c)) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_slices->setItem(r, c, item);
        }
    m_slices->resizeColumnsToContents();
}

void WhereItLostPage::fillSegments()
{
    const auto report = m_state->report();
    const SegmentAnalysis *a = report ? report->segments.get() : nullptr;
    m_segments->setSortingEnabled(false);
    m_segments->clear();
    const QStringList header = {tr("Column"),     tr("Segment"),      tr("Rows"),
                                tr("Positives"),  tr("Champion NB"),  tr("Candidate NB"),
                                tr("ΔNB"),        tr("Interval low"), tr("Interval high"),
                                tr("Adjusted p"), tr("BH flag")};
    m_segments->setColumnCount(int(header.size()));
    m_segments->setHorizontalHeaderLabels(header);
    if (!a) {
        m_segments->setRowCount(0);
        return;
    }
    const QString &currency = a->currency;
    const auto ordered = segmentsByLoss(*a);
    m_segments->setRowCount(int(ordered.size()));
    for (int r = 0; r < int(ordered.size()); ++r) {
        const SegmentComparison &s = *ordered[size_t(r)];
        const SegmentColumn &c = a->columns.columns[size_t(s.column)];
        m_segments->setItem(r, 0, new QTableWidgetItem(c.name));
        m_segments->setItem(r, 1, new QTableWidgetItem(c.values[s.value]));
        m_segments->setItem(r, 2, new NumberItem(formatCount(s.rows), double(s.rows)));
        m_segments->setItem(r, 3, new NumberItem(formatCount(s.positives), double(s.positives)));
        m_segments->setItem(r, 4,
                            new NumberItem(formatMoney(s.championNetBenefit, currency),
                                           s.championNetBenefit.toDouble()));
        m_segments->setItem(r, 5,
                            new NumberItem(formatMoney(s.candidateNetBenefit, currency),
                                           s.candidateNetBenefit.toDouble()));
        m_segments->setItem(
            r, 6, new NumberItem(formatSignedMoney(s.delta, currency), s.delta.toDouble()));
        m_segments->setItem(r, 7, new NumberItem(formatMoney(s.deltaLow, currency), s.deltaLow));
        m_segments->setItem(r, 8, new NumberItem(formatMoney(s.deltaHigh, currency), s.deltaHigh));
        m_segments->setItem(r, 9, new NumberItem(formatPValue(s.adjustedP), s.adjustedP));
        m_segments->setItem(r, 10, new QTableWidgetItem(s.flagged ? tr("flagged") : QString()));
    }
    m_segments->resizeColumnsToContents();
    m_segments->setSortingEnabled(true);
}

void WhereItLostPage::fillChart()
{
    m_chart->clearPlottables();
    const auto report = m_state->report();
    const SegmentAnalysis *a = report ? report->segments.get() : nullptr;
    if (!a || a->segments.empty()) {
        m_chart->showEmpty(tr("No segments"));
        m_chart->replot();
        return;
    }
    m_chart->endEmpty();
    // The 20 segments that lost most (flagged first), drawn left to right.
    auto ordered = segmentsByLoss(*a);
    if (ordered.size() > 20) ordered.resize(20);
    QVector<double> keys, values, low, high;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int k = 0; k < int(ordered.size()); ++k) {
        const SegmentComparison &s = *ordered[size_t(k)];
        keys << k + 1;
        values << s.delta.toDouble();
        low << s.delta.toDouble() - s.deltaLow;
        high << s.deltaHigh - s.delta.toDouble();
        ticker->addTick(k + 1, a->segmentName(s) + (s.flagged ? QStringLiteral(" *") : QString()));
    }
    auto *bars = new QCPBars(m_chart->xAxis, m_chart->yAxis);
    bars->setName(tr("ΔNB by segment"));
    bars->setData(keys, values);
    bars->setWidth(0.7);
    bars->setBrush(colors::loss(palette()));
    bars->setPen(Qt::NoPen);
    auto *errors = new QCPErrorBars(m_chart->xAxis, m_chart->yAxis);
    errors->setName(tr("%1% interval").arg(int(a->level * 100)));
    errors->setDataPlottable(bars);
    errors->setData(low, high);
    errors->setPen(QPen(palette().color(QPalette::WindowText)));
    m_chart->legend->setVisible(true);
    m_chart->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    m_chart->xAxis->setTicker(ticker);
    m_chart->xAxis->setTickLabelRotation(60);
    m_chart->xAxis->setRange(0, double(ordered.size()) + 1);
    PlotView::setMoneyAxis(m_chart->yAxis, a->currency);
    m_chart->rescaleAxes();
    m_chart->xAxis->setRange(0, double(ordered.size()) + 1);
    m_chart->yAxis->scaleRange(1.15);
    m_chart->setHomeRanges();
    m_chart->replot();
}

void WhereItLostPage::applyOutcome()
{
    const QVariantList code = m_outcome->currentData().toList();
    if (code.size() != 3) return;
    m_model->setOutcome(DisagreementModel::Outcome(code[0].toInt()), Cell(code[1].toInt()),
                        Cell(code[2].toInt()));
}

void WhereItLostPage::showOutcome(DisagreementModel::Outcome outcome, Cell from, Cell to)
{
    using Outcome = DisagreementModel::Outcome;
    // Only a transition and a cell change read the cells; the combo holds TP for the others.
    if (outcome != Outcome::Transition) to = Cell::TP;
    if (outcome != Outcome::Transition && outcome != Outcome::CellChanged) from = Cell::TP;
    const int i = m_outcome->findData(QVariantList{int(outcome), int(from), int(to)});
    if (i >= 0) m_outcome->setCurrentIndex(i);
}

void WhereItLostPage::showSlice(int index)
{
    const auto report = m_state->report();
    const SegmentAnalysis *a = report ? report->segments.get() : nullptr;
    if (!a || index < 0 || index >= int(a->slices.size())) {
        m_model->setSlice(std::nullopt);
        m_slices->clearSelection();
    } else {
        m_model->setSlice(a->slices[size_t(index)].slice);
        m_slices->selectRow(index);
    }
}

void WhereItLostPage::updateRowsSummary()
{
    const auto report = m_state->report();
    const SegmentAnalysis *a = report ? report->segments.get() : nullptr;
    QString scope = tr("all rows");
    if (m_model->slice() && a) {
        for (const SliceFinding &f : a->slices)
            if (f.slice.predicates == m_model->slice()->predicates)
                scope = tr("slice %1").arg(f.description);
    }
    m_sliceLabel->setText(m_model->isListing() ? tr("Showing: %1 — listing the rows…").arg(scope)
                          : m_model->isSorting()
                              ? tr("Showing: %1 — sorting %2 rows…")
                                    .arg(scope, formatCount(qint64(m_model->rows().size())))
                              : tr("Showing: %1").arg(scope));
    if (!report || !report->comparison) {
        m_rowsSummary->clear();
        return;
    }
    if (m_model->isListing()) { // no counts yet: never "0 rows" for rows not yet listed
        m_rowsSummary->setText(
            tr("Listing the rows of %1 paired rows…")
                .arg(formatCount(qint64(report->champion.run->predictions.size()))));
        return;
    }
    const QString &currency = report->policy.currency;
    const Confusion ch = m_model->confusion(true), ca = m_model->confusion(false);
    m_rowsSummary->setText(
        tr("%1 rows listed (%2, %3). On these rows: champion NB %4 (TP %5, FP %6, FN %7, TN %8); "
           "candidate NB %9 (TP %10, FP %11, FN %12, TN %13).")
            .arg(formatCount(qint64(m_model->rows().size())), m_outcome->currentText(), scope,
                 formatMoney(m_model->championNetBenefit(), currency))
            .arg(formatCount(ch.tp), formatCount(ch.fp), formatCount(ch.fn), formatCount(ch.tn))
            .arg(formatMoney(m_model->candidateNetBenefit(), currency))
            .arg(formatCount(ca.tp), formatCount(ca.fp), formatCount(ca.fn), formatCount(ca.tn)));
}

bool WhereItLostPage::exportRows(const QString &path) const
{
    std::set<int> selected;
    for (const QModelIndex &i : m_rows->selectionModel()->selectedIndexes())
        selected.insert(i.row());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
    const QByteArray csv = m_model->toCsv(QList<int>(selected.begin(), selected.end())).toUtf8();
    return f.write(csv) == csv.size();
}

} // namespace gr::ui

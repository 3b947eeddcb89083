#include "canarypage.h"
#include "canaryintervalmodel.h"
#include "canaryplots.h"
#include "palette.h"
#include "plotview.h"

#include "model/errors.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace gr::ui {

CanaryPage::CanaryPage(ReviewState *state, QWidget *parent)
    : QWidget(parent), m_state(state), m_load(new QPushButton(tr("Load canary data…"), this)),
      m_verdict(new QLabel(this)), m_judge(new QLabel(this)), m_metric(new QComboBox(this)),
      m_metricPlot(new PlotView(this)), m_scorePlot(new PlotView(this)),
      m_scoreSummary(new QLabel(this)), m_intervals(new QTableView(this)),
      m_model(new CanaryIntervalModel(this))
{
    setObjectName(QStringLiteral("canaryPage"));
    m_load->setObjectName(QStringLiteral("canaryLoadButton"));
    m_load->setToolTip(
        tr("Choose the gate policy with a canary: section, then one or more data files: Prometheus "
           "query_range responses (JSON) or CSV with timestamp,variant,metric,value."));
    m_verdict->setObjectName(QStringLiteral("canaryVerdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_verdict->setMargin(6);
    m_verdict->setAutoFillBackground(true);
    m_noDataText = tr("No canary data. Layer 4 judges the candidate on live traffic: load a "
                      "canary policy and its metrics.");
    m_verdict->setText(m_noDataText);
    m_judge->setObjectName(QStringLiteral("canaryJudge"));
    m_judge->setWordWrap(true);
    m_metric->setObjectName(QStringLiteral("canaryMetricCombo"));
    m_metricPlot->setObjectName(QStringLiteral("canaryMetricPlot"));
    m_scorePlot->setObjectName(QStringLiteral("canaryScorePlot"));
    // Below the axes the legend never covers the tallest bars or the latest intervals.
    m_metricPlot->placeLegendBelow(4);
    m_scorePlot->placeLegendBelow(2);
    m_scoreSummary->setObjectName(QStringLiteral("canaryScoreSummary"));
    m_scoreSummary->setWordWrap(true);
    m_intervals->setObjectName(QStringLiteral("canaryIntervals"));
    m_intervals->setModel(m_model);
    m_intervals->setTabKeyNavigation(false);
    m_intervals->horizontalHeader()->setStretchLastSection(true);
    m_intervals->verticalHeader()->hide();
    m_intervals->setSelectionBehavior(QAbstractItemView::SelectRows);

    auto *top = new QHBoxLayout;
    top->addWidget(m_load, 0, Qt::AlignTop);
    top->addWidget(m_verdict, 1);

    auto *metricBox = new QWidget(this);
    auto *metricLayout = new QVBoxLayout(metricBox);
    metricLayout->setContentsMargins(0, 0, 0, 0);
    auto *pick = new QHBoxLayout;
    auto *metricLabel = new QLabel(tr("&Metric over time:"), metricBox);
    metricLabel->setBuddy(m_metric);
    pick->addWidget(metricLabel);
    pick->addWidget(m_metric, 1);
    metricLayout->addLayout(pick);
    metricLayout->addWidget(m_metricPlot, 1);

    auto *plots = new QSplitter(Qt::Horizontal, this);
    plots->addWidget(metricBox);
    plots->addWidget(m_scorePlot);
    auto *tableBox = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(tableBox);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(m_judge);
    tableLayout->addWidget(m_scoreSummary);
    tableLayout->addWidget(m_intervals, 1);
    auto *rows = new QSplitter(Qt::Vertical, this);
    rows->addWidget(plots);
    rows->addWidget(tableBox);
    rows->setStretchFactor(0, 3);
    rows->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(rows, 1);

    connect(m_load, &QPushButton::clicked, this, &CanaryPage::chooseFiles);
    connect(m_metric, &QComboBox::currentTextChanged, this, &CanaryPage::showMetric);
    // The canary result belongs to the review: another review shows its own (or none).
    connect(state, &ReviewState::reportChanged, this, &CanaryPage::reviewChanged);
    showResult();
}

CanaryPage::~CanaryPage()
{
    m_model->setResult(nullptr);
}

void CanaryPage::chooseFiles()
{
    const QString policy = QFileDialog::getOpenFileName(
        this, tr("Gate policy with a canary: section"), m_state->inputs().policy,
        tr("Policy (*.yaml *.yml);;All files (*)"));
    if (policy.isEmpty()) return;
    const QStringList data = QFileDialog::getOpenFileNames(
        this, tr("Canary data (Prometheus JSON or CSV)"), QFileInfo(policy).absolutePath(),
        tr("Canary data (*.json *.csv);;All files (*)"));
    if (!data.isEmpty()) load(policy, data);
}

bool CanaryPage::load(const QString &policyPath, const QStringList &dataPaths)
{
    std::shared_ptr<const CanaryResult> result;
    try {
        const CanaryPolicy policy = loadCanaryPolicy(policyPath);
        result = std::make_shared<const CanaryResult>(
            evaluateCanary(loadCanaryFiles(dataPaths, policy.labels), policy));
        m_error.clear();
    } catch (const InputError &e) {
        m_error = e.message();
        showResult();
        return false;
    }
    m_state->setCanary(result, policyPath, dataPaths); // joins the gate as layer 4
    reviewChanged();
    emit evaluated(result->verdict);
    return true;
}

QString CanaryPage::decisiveMetric(const CanaryResult &r)
{
    // The judge's failing shift first, then the first metric over its limit in an interval.
    for (const JudgedMetric &m : r.judge.metrics)
        if (m.classification == JudgeClass::High || m.classification == JudgeClass::Low)
            return m.metric;
    for (const IntervalResult &interval : r.intervalResults)
        for (const MetricLimitCheck &check : interval.checks)
            if (!check.passed) return check.metric;
    return r.policy.metrics.isEmpty() ? QString() : r.policy.metrics.first().name;
}

void CanaryPage::reviewChanged()
{
    if (m_state->canary() == m_result) return;
    m_model->setResult(nullptr);
    m_result = m_state->canary();
    m_error.clear();
    {
        const QSignalBlocker block(m_metric); // a new result opens on its decisive metric
        m_metric->clear();
    }
    showResult();
}

void CanaryPage::clearPlots()
{
    {
        const QSignalBlocker block(m_metric);
        m_metric->clear();
    }
    removeJudgeTolerance(m_metricPlot);
    for (PlotView *plot : {m_metricPlot, m_scorePlot})
        plot->showEmpty(tr("No canary data loaded for this review."));
    m_judge->clear();
    m_scoreSummary->clear();
}

void CanaryPage::showResult()
{
    QPalette pal = m_verdict->palette();
    if (!m_error.isEmpty()) {
        m_verdict->setProperty("verdict", QStringLiteral("ERROR"));
        m_verdict->setText(tr("Cannot evaluate the canary: %1").arg(m_error));
        pal.setColor(QPalette::Window, colors::tint(colors::fail(pal), pal, 0.5));
        m_verdict->setPalette(pal);
        return;
    }
    m_model->setResult(m_result.get());
    m_intervals->resizeColumnsToContents();
    if (!m_result) {
        m_verdict->setProperty("verdict", QString());
        m_verdict->setText(m_noDataText);
        m_verdict->setPalette(QPalette());
        clearPlots();
        return;
    }
    const CanaryResult &r = *m_result;
    const QString verdict = toString(r.verdict);
    m_verdict->setProperty("verdict", verdict);
    m_verdict->setText(tr("%1 — %2").arg(verdict, r.reasons.join(QStringLiteral("; "))));
    const QColor tone = r.verdict == CanaryVerdict::Promote    ? colors::pass(pal)
                        : r.verdict == CanaryVerdict::Rollback ? colors::fail(pal)
                                                               : colors::notRun(pal);
    pal.setColor(QPalette::Window, colors::tint(tone, pal));
    m_verdict->setPalette(pal);

    QStringList judged;
    for (const JudgedMetric &m : r.judge.metrics)
        judged << QStringLiteral("%1 %2").arg(m.metric, toString(m.classification));
    m_judge->setText(
        r.judge.verdict == JudgeVerdict::NotRun
            ? tr("Judge: not run (%1). Intervals: %2 passed, %3 failed, %4 inconclusive.")
                  .arg(r.judge.detail)
                  .arg(r.passedIntervals)
                  .arg(r.failedIntervals)
                  .arg(r.inconclusiveIntervals)
            : tr("Judge: %1, %2 — %3. Intervals: %4 passed, %5 failed, %6 inconclusive.")
                  .arg(toString(r.judge.verdict), r.judge.detail, judged.join(QStringLiteral(", ")))
                  .arg(r.passedIntervals)
                  .arg(r.failedIntervals)
                  .arg(r.inconclusiveIntervals));

    const QString previous = m_metric->currentText();
    QStringList metrics;
    for (const CanaryMetricPolicy &m : r.policy.metrics)
        metrics << m.name;
    {
        const QSignalBlocker block(m_metric);
        m_metric->clear();
        m_metric->addItems(metrics);
        // Keep the metric being looked at; for a new result open the one that decided it.
        const int kept = int(metrics.indexOf(previous));
        m_metric->setCurrentIndex(kept >= 0 ? kept
                                            : std::max(0, int(metrics.indexOf(decisiveMetric(r)))));
    }
    showMetric();

    const PredictionResult &p = r.predictions;
    QStringList numbers;
    if (p.psi) numbers << tr("PSI %1").arg(*p.psi, 0, 'g', 3);
    if (p.ks)
        numbers << tr("KS D %1, p %2").arg(p.ks->statistic, 0, 'g', 3).arg(p.ks->pValue, 0, 'g', 3);
    if (p.canaryPositiveRate)
        numbers << tr("positive rate %1 vs %2")
                       .arg(*p.canaryPositiveRate, 0, 'g', 3)
                       .arg(*p.baselinePositiveRate, 0, 'g', 3);
    m_scoreSummary->setText(
        numbers.isEmpty()
            ? tr("Prediction scores: %1")
                  .arg(p.detail.isEmpty() ? tr("no prediction checks in the policy") : p.detail)
            : tr("Prediction scores, canary vs baseline: %1 — %2")
                  .arg(numbers.join(QStringLiteral("; ")), p.passed ? tr("agree") : tr("differ")));
    plotScoreDistributions(m_scorePlot, r);
}

void CanaryPage::showMetric()
{
    if (m_result && !m_metric->currentText().isEmpty())
        plotMetricOverTime(m_metricPlot, *m_result, m_metric->currentText());
}

} // namespace gr::ui

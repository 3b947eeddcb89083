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
    m_verdict->setText(tr("No canary data. Layer 4 judges the candidate on live traffic: load a "
                          "canary policy and its metrics."));
    m_judge->setObjectName(QStringLiteral("canaryJudge"));
    m_judge->setWordWrap(true);
    m_metric->setObjectName(QStringLiteral("canaryMetricCombo"));
    m_metricPlot->setObjectName(QStringLiteral("canaryMetricPlot"));
    m_scorePlot->setObjectName(QStringLiteral("canaryScorePlot"));
    m_scoreSummary->setObjectName(QStringLiteral("canaryScoreSummary"));
    m_scoreSummary->setWordWrap(true);
    m_intervals->setObjectName(QStringLiteral("canaryIntervals"));
    m_intervals->setModel(m_model);
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
    // A new gate report starts with layer 4 NOT_RUN: give it the canary verdict already judged.
    connect(state, &ReviewState::reportChanged, this, &CanaryPage::attachToReport);
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
    try {
        const CanaryPolicy policy = loadCanaryPolicy(policyPath);
        auto result = std::make_unique<CanaryResult>(
            evaluateCanary(loadCanaryFiles(dataPaths, policy.labels), policy));
        m_model->setResult(nullptr);
        m_result = std::move(result);
        m_error.clear();
    } catch (const InputError &e) {
        m_error = e.message();
    }
    showResult();
    if (!m_result || !m_error.isEmpty()) return false;
    m_layer = canaryLayerOutcome(*m_result);
    attachToReport();
    emit evaluated(m_result->verdict);
    return true;
}

void CanaryPage::attachToReport()
{
    const auto report = m_state->report();
    if (!m_result || !report || report->layers.size() < 4) return;
    const LayerOutcome &current = report->layer(4);
    if (current.result == m_layer.result && current.summary == m_layer.summary)
        return; // already attached: setCanaryLayer would signal reportChanged again
    m_state->setCanaryLayer(m_layer);
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
        m_metric->setCurrentIndex(std::max(0, int(metrics.indexOf(previous))));
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

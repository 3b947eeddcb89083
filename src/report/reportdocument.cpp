#include "reportdocument.h"
#include "reportanalysis.h"
#include "segments/segmentanalysis.h"
#include "whereitlost.h"

#include <cmath>
#include <QFileInfo>

namespace gr {
namespace {

QString num(double v, int decimals = 4)
{
    return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("n/a");
}

QString signedNum(double v, int decimals = 4)
{
    if (!std::isfinite(v)) return QStringLiteral("n/a");
    return (v > 0 ? QStringLiteral("+") : QString()) + QString::number(v, 'f', decimals);
}

QString signedInt(int64_t n)
{
    return (n > 0 ? QStringLiteral("+") : QString()) + formatCount(n);
}

QString percent(double rate)
{
    return QString::number(rate * 100, 'f', 1) + QLatin1Char('%');
}

QString orDash(const QString &s)
{
    return s.isEmpty() ? QStringLiteral("—") : s;
}

ReportTable makeTable(const QStringList &header, const QList<QStringList> &rows,
                      QList<bool> numeric = {})
{
    while (numeric.size() < header.size())
        numeric << false;
    return {header, rows, numeric};
}

void addChanges(const QString &what, const QList<MapChange> &list, QList<QStringList> &rows)
{
    for (const MapChange &c : list)
        rows << QStringList{what, c.key, toString(c.change), orDash(c.championValue),
                            orDash(c.candidateValue)};
}

QList<ReportTable> dataTables(const DataEvidence &d)
{
    QList<ReportTable> tables;
    QList<QStringList> balance;
    for (const ClassBalance &b : d.balances)
        balance << QStringList{b.run, b.context, b.dataset, percent(b.positiveRate),
                               b.rows ? formatCount(qint64(*b.rows)) : QStringLiteral("—")};
    tables << makeTable({QStringLiteral("Run"), QStringLiteral("Data"), QStringLiteral("Data set"),
                         QStringLiteral("Positive rate"), QStringLiteral("Rows")},
                        balance, {false, false, false, true, true});
    QList<QStringList> rows;
    addChanges(QStringLiteral("param"), d.params, rows);
    addChanges(QStringLiteral("tag"), d.tags, rows);
    addChanges(QStringLiteral("dataset"), d.datasets, rows);
    if (!rows.isEmpty())
        tables << makeTable({QStringLiteral("What"), QStringLiteral("Key"),
                             QStringLiteral("Change"), QStringLiteral("Champion"),
                             QStringLiteral("Candidate")},
                            rows);
    if (d.dvcLock.diff && !d.dvcLock.diff->changes.isEmpty()) {
        QList<QStringList> dvc;
        for (const DvcLockChange &c : d.dvcLock.diff->changes)
            dvc << QStringList{c.stage,
                               c.kind,
                               c.path,
                               toString(c.change),
                               orDash(c.championMd5),
                               orDash(c.candidateMd5)};
        tables << makeTable({QStringLiteral("Stage"), QStringLiteral("Kind"),
                             QStringLiteral("Path"), QStringLiteral("Change"),
                             QStringLiteral("Champion md5"), QStringLiteral("Candidate md5")},
                            dvc);
    }
    return tables;
}

QList<ReportTable> modelTables(const ModelEvidence &m, const QString &currency)
{
    auto money = [&currency](Money v) { return formatMoney(v, currency); };
    auto sensitivity = [&](const QString &who, const ThresholdSensitivity &s) {
        return QStringList{who,
                           num(s.operatingThreshold),
                           money(s.operatingNetBenefit),
                           num(s.bestThreshold),
                           money(s.bestNetBenefit),
                           formatSignedMoney(s.headroom(), currency)};
    };
    QList<ReportTable> tables;
    tables << makeTable({QStringLiteral("Model"), QStringLiteral("Operating threshold"),
                         QStringLiteral("NB there"), QStringLiteral("Best threshold"),
                         QStringLiteral("Best NB"), QStringLiteral("Headroom")},
                        {sensitivity(QStringLiteral("champion"), m.championSensitivity),
                         sensitivity(QStringLiteral("candidate"), m.candidateSensitivity)},
                        {false, true, true, true, true, true});
    QList<QStringList> rows;
    const std::array<ScoreSummary, 2> *models[2] = {&m.championScores, &m.candidateScores};
    for (int i = 0; i < 2; ++i)
        for (int label = 1; label >= 0; --label) {
            const ScoreSummary &s = (*models[i])[size_t(label)];
            rows << QStringList{i == 0 ? QStringLiteral("champion") : QStringLiteral("candidate"),
                                label ? QStringLiteral("positive") : QStringLiteral("negative"),
                                formatCount(qint64(s.rows)),
                                num(s.mean, 3),
                                num(s.p10, 3),
                                num(s.p50, 3),
                                num(s.p90, 3)};
        }
    tables << makeTable({QStringLiteral("Model"), QStringLiteral("Class"), QStringLiteral("Rows"),
                         QStringLiteral("Mean score"), QStringLiteral("P10"),
                         QStringLiteral("Median"), QStringLiteral("P90")},
                        rows, {false, false, true, true, true, true, true});
    return tables;
}

class DocumentBuilder
{
public:
    explicit DocumentBuilder(const DecisionReportInput &in) : m_in(in), m_r(*in.gate) {}

    ReportDocument build()
    {
        m_doc.title = QStringLiteral("Gate review — decision report");
        m_doc.subtitle =
            QStringLiteral("Champion %1 vs candidate %2 · generated %3 · Gate Review %4")
                .arg(m_r.champion.run->label(), m_r.candidate.run->label(),
                     m_in.generatedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")),
                     m_r.appVersion);
        verdict();
        decision();
        whatIf();
        layers();
        netBenefit();
        whereItLost();
        confusion();
        plots();
        statistics();
        if (m_in.analysis) m_doc.blocks << analysisBlocks(*m_in.analysis, m_r);
        diagnosis();
        inputs();
        return std::move(m_doc);
    }

private:
    QString money(Money v) const { return formatMoney(v, m_r.policy.currency); }
    QString money(double v) const { return formatMoney(v, m_r.policy.currency); } // a statistic
    QString signedMoney(Money v) const { return formatSignedMoney(v, m_r.policy.currency); }

    void heading(const QString &text, int level = 2)
    {
        ReportBlock b;
        b.kind = ReportBlock::Kind::Heading;
        b.text = text;
        b.level = level;
        m_doc.blocks << b;
    }
    void paragraph(const QString &text, Tone tone = Tone::Neutral)
    {
        ReportBlock b;
        b.text = text;
        b.tone = tone;
        m_doc.blocks << b;
    }
    void bullets(const QStringList &items)
    {
        ReportBlock b;
        b.kind = ReportBlock::Kind::Bullets;
        b.items = items;
        m_doc.blocks << b;
    }
    void table(const QStringList &header, const QList<QStringList> &rows,
               const QList<bool> &numeric = {})
    {
        ReportBlock b;
        b.kind = ReportBlock::Kind::Table;
        b.table = {header, rows, numeric};
        while (b.table.numeric.size() < header.size())
            b.table.numeric << false;
        m_doc.blocks << b;
    }

    void verdict()
    {
        ReportBlock b;
        b.kind = ReportBlock::Kind::Verdict;
        b.text = QStringLiteral("Gate result: %1").arg(toString(m_r.result));
        b.items = m_r.reasons;
        b.tone = toneOf(toString(m_r.result));
        m_doc.blocks << b;
    }

    void decision()
    {
        heading(QStringLiteral("Decision"));
        if (!m_in.decision) {
            paragraph(QStringLiteral("No decision is recorded in this report."), Tone::Muted);
            return;
        }
        const Decision &d = *m_in.decision;
        QList<QStringList> rows{{QStringLiteral("Decision"), displayName(d.kind)},
                                {QStringLiteral("Rationale"), d.rationale},
                                {QStringLiteral("Author"), orDash(d.author)},
                                {QStringLiteral("Decided at"),
                                 d.decidedAt.isValid() ? d.decidedAt.toUTC().toString(Qt::ISODate)
                                                       : QStringLiteral("—")}};
        if (m_in.decisionId)
            rows << QStringList{QStringLiteral("Decision log record"),
                                QStringLiteral("#%1, hash %2")
                                    .arg(*m_in.decisionId)
                                    .arg(orDash(m_in.decisionHash))};
        table({QStringLiteral("Field"), QStringLiteral("Value")}, rows);
    }

    void whatIf()
    {
        if (!m_in.championWhatIf && !m_in.candidateWhatIf) return;
        auto describe = [](const QString &who, const std::optional<double> &t, double declared) {
            return t ? QStringLiteral("%1 %2 (declared %3)")
                           .arg(who, QString::number(*t, 'f', 4), QString::number(declared, 'f', 4))
                     : QStringLiteral("%1 at its declared %2")
                           .arg(who, QString::number(declared, 'f', 4));
        };
        paragraph(QStringLiteral("What-if thresholds explored in the review (they never change the "
                                 "verdict): %1; %2.")
                      .arg(describe(QStringLiteral("champion"), m_in.championWhatIf,
                                    m_r.champion.metrics.threshold),
                           describe(QStringLiteral("candidate"), m_in.candidateWhatIf,
                                    m_r.candidate.metrics.threshold)),
                  Tone::Muted);
    }

    void layers()
    {
        heading(QStringLiteral("Verdict by layer"));
        QList<QStringList> rows;
        for (const LayerOutcome &l : m_r.layers)
            rows << QStringList{QStringLiteral("%1. %2").arg(l.id).arg(l.name), toString(l.result),
                                l.summary};
        table({QStringLiteral("Layer"), QStringLiteral("Result"), QStringLiteral("Summary")}, rows);
        QList<QStringList> checks;
        for (const LayerOutcome &l : m_r.layers)
            for (const CheckOutcome &c : l.checks)
                checks << QStringList{QString::number(l.id),
                                      c.description,
                                      formatCheckValue(c, false, m_r.policy.currency),
                                      formatCheckValue(c, true, m_r.policy.currency),
                                      toString(c.result),
                                      c.detail};
        if (!checks.isEmpty())
            table({QStringLiteral("Layer"), QStringLiteral("Check"), QStringLiteral("Actual"),
                   QStringLiteral("Limit"), QStringLiteral("Result"), QStringLiteral("Detail")},
                  checks, {true, false, true, true, false, false});
    }

    void netBenefit()
    {
        heading(QStringLiteral("Net benefit and metrics"));
        const ModelMetrics &a = m_r.champion.metrics;
        const ModelMetrics &b = m_r.candidate.metrics;
        auto row = [](const QString &name, double x, double y) {
            return QStringList{name, num(x), num(y), signedNum(y - x)};
        };
        // A metric undefined for either model shows "undefined"; the reasons follow the table.
        auto metricRow = [&](const QString &name, const char *key, double x, double y) {
            const bool ux = a.undefined.contains(QLatin1String(key));
            const bool uy = b.undefined.contains(QLatin1String(key));
            if (!ux && !uy) return row(name, x, y);
            const QString undefined = QStringLiteral("undefined");
            return QStringList{name, ux ? undefined : num(x), uy ? undefined : num(y), QString()};
        };
        table({QStringLiteral("Metric"), QStringLiteral("Champion"), QStringLiteral("Candidate"),
               QStringLiteral("Δ")},
              {QStringList{QStringLiteral("Threshold"), num(a.threshold), num(b.threshold),
                           signedNum(b.threshold - a.threshold)},
               QStringList{QStringLiteral("Net benefit"), money(a.netBenefit), money(b.netBenefit),
                           signedMoney(b.netBenefit - a.netBenefit)},
               QStringList{QStringLiteral("Best net benefit"), money(a.bestNetBenefit.value),
                           money(b.bestNetBenefit.value),
                           signedMoney(b.bestNetBenefit.value - a.bestNetBenefit.value)},
               row(QStringLiteral("  at threshold"), a.bestNetBenefit.threshold,
                   b.bestNetBenefit.threshold),
               metricRow(QStringLiteral("Precision"), "precision", a.precision, b.precision),
               metricRow(QStringLiteral("Recall"), "recall", a.recall, b.recall),
               metricRow(QStringLiteral("F1"), "f1", a.f1, b.f1),
               metricRow(QStringLiteral("Accuracy"), "accuracy", a.accuracy, b.accuracy),
               metricRow(QStringLiteral("MCC"), "mcc", a.mcc, b.mcc),
               metricRow(QStringLiteral("ROC AUC"), "roc_auc", a.rocAuc, b.rocAuc),
               metricRow(QStringLiteral("Average precision"), "average_precision",
                         a.averagePrecision, b.averagePrecision),
               metricRow(QStringLiteral("Brier score"), "brier", a.brier, b.brier)},
              {false, true, true, true});
        QStringList undefined;
        for (const auto *m : {&a, &b})
            for (auto it = m->undefined.cbegin(); it != m->undefined.cend(); ++it)
                undefined << QStringLiteral("%1 %2 is undefined: %3.")
                                 .arg(m == &a ? QStringLiteral("Champion")
                                              : QStringLiteral("Candidate"),
                                      it.key(), it.value());
        if (!undefined.isEmpty()) bullets(undefined);

        heading(QStringLiteral("Net-benefit breakdown by confusion cell"), 3);
        const CellValues &v = m_r.policy.values;
        QList<QStringList> rows;
        for (int k = 0; k < 4; ++k) {
            const Cell c = Cell(k);
            const int64_t before = a.confusion.count(c), after = b.confusion.count(c);
            rows << QStringList{QString::fromLatin1(cellName(c)).toUpper(),
                                money(v.of(c)),
                                formatCount(before),
                                formatCount(after),
                                signedInt(after - before),
                                signedMoney(v.of(c).times(after - before))};
        }
        rows << QStringList{
            QStringLiteral("Total"),          QString(), formatCount(a.confusion.total()),
            formatCount(b.confusion.total()), QString(), signedMoney(b.netBenefit - a.netBenefit)};
        table({QStringLiteral("Cell"), QStringLiteral("Value per row"),
               QStringLiteral("Champion rows"), QStringLiteral("Candidate rows"),
               QStringLiteral("Δ rows"), QStringLiteral("Δ net benefit")},
              rows, {false, true, true, true, true, true});
    }

    void whereItLost()
    {
        if (!m_r.segments || !m_r.segments->hasSegments()) return;
        heading(QStringLiteral("Where it lost"));
        paragraph(whereItLostMethod(*m_r.segments), Tone::Muted);
        for (const ReportTable &t : whereItLostTables(*m_r.segments))
            if (!t.rows.isEmpty()) table(t.header, t.rows, t.numeric);
        if (!m_r.segments->notes.isEmpty()) bullets(m_r.segments->notes);
    }

    void confusion()
    {
        heading(QStringLiteral("Confusion matrices"));
        const Confusion &a = m_r.champion.metrics.confusion;
        const Confusion &b = m_r.candidate.metrics.confusion;
        auto n = [](int64_t x) { return formatCount(x); };
        table({QStringLiteral("Actual ↓ / predicted →"), QStringLiteral("Champion +"),
               QStringLiteral("Champion −"), QStringLiteral("Candidate +"),
               QStringLiteral("Candidate −"), QStringLiteral("Δ +"), QStringLiteral("Δ −")},
              {{QStringLiteral("Positive"), n(a.tp), n(a.fn), n(b.tp), n(b.fn),
                signedInt(b.tp - a.tp), signedInt(b.fn - a.fn)},
               {QStringLiteral("Negative"), n(a.fp), n(a.tn), n(b.fp), n(b.tn),
                signedInt(b.fp - a.fp), signedInt(b.tn - a.tn)}},
              {false, true, true, true, true, true, true});
    }

    void plots()
    {
        heading(QStringLiteral("Net benefit and threshold plots"));
        for (const PlotData &plot : {netBenefitPlot(m_r), decisionCurvePlot(m_r)}) {
            ReportBlock b;
            b.kind = ReportBlock::Kind::Plot;
            b.plot = int(m_doc.plots.size());
            b.text = plot.summary;
            m_doc.plots << plot;
            m_doc.blocks << b;
        }
    }

    void statistics()
    {
        heading(QStringLiteral("Statistics"));
        if (!m_r.comparison) {
            paragraph(QStringLiteral(
                          "No paired statistics: the models were not scored on the same test set."),
                      Tone::Fail);
            return;
        }
        const PairedComparison &p = *m_r.comparison;
        const BootstrapSettings &bs = m_r.policy.bootstrap;
        table(
            {QStringLiteral("Statistic"), QStringLiteral("Value")},
            {{QStringLiteral("ΔNB (candidate − champion)"), signedMoney(p.netBenefitDelta)},
             {QStringLiteral("%1% bootstrap interval").arg(std::lround(bs.level * 100)),
              QStringLiteral("%1 to %2")
                  .arg(signedMoney(p.bootstrap.low), signedMoney(p.bootstrap.high))},
             {QStringLiteral("Bootstrap mean ± sd"),
              QStringLiteral("%1 ± %2").arg(signedMoney(p.bootstrap.mean),
                                            money(p.bootstrap.stddev))},
             {QStringLiteral("Resamples at or below zero"),
              percent(p.bootstrap.fractionAtOrBelowZero)},
             {QStringLiteral("Resamples, seed"),
              QStringLiteral("%1, %2").arg(p.bootstrap.resamples).arg(bs.seed)},
             {QStringLiteral("McNemar b (champion only right)"), formatCount(p.mcnemar.b)},
             {QStringLiteral("McNemar c (candidate only right)"), formatCount(p.mcnemar.c)},
             {QStringLiteral("Exact sign-flip p (one-sided)"),
              QStringLiteral("%1 over %2 rows that differ")
                  .arg(QString::number(p.signFlip.pValue, 'g', 4),
                       formatCount(p.signFlip.nonZeroRows))},
             {QStringLiteral("McNemar exact p"),
              p.mcnemar.hasDiscordantRows() ? formatPValue(p.mcnemar.pValue)
                                            : QStringLiteral("no discordant rows: no information")},
             {QStringLiteral("Both right / both wrong"),
              QStringLiteral("%1 / %2").arg(formatCount(p.bothCorrect),
                                            formatCount(p.bothWrong))}});
    }

    void diagnosis()
    {
        heading(QStringLiteral("Diagnosis"));
        const DiagnosisEvidence &e = m_in.diagnosis;
        for (int step = StepComparison; step <= StepDecide; ++step) {
            heading(QStringLiteral("%1. %2").arg(step).arg(diagnosisStepTitle(step)), 3);
            bullets(e.findings(step));
            for (const ReportTable &t : diagnosisTables(e, step, m_r.policy.currency))
                table(t.header, t.rows, t.numeric);
            if (step == StepDecide) {
                QStringList choices;
                for (DecisionKind k : e.choices)
                    choices << displayName(k);
                paragraph(QStringLiteral("Choices: %1.").arg(choices.join(QStringLiteral(" · "))));
            }
            const QString notes = m_in.notes.value(step).trimmed();
            ReportBlock b;
            b.kind = ReportBlock::Kind::Notes;
            b.text = notes;
            b.tone = notes.isEmpty() ? Tone::Muted : Tone::Neutral;
            m_doc.blocks << b;
        }
    }

    void inputs()
    {
        heading(QStringLiteral("Policy and inputs"));
        const GatePolicy &p = m_r.policy;
        const CellValues &v = p.values;
        const Run &a = *m_r.champion.run;
        const Run &b = *m_r.candidate.run;
        QList<QStringList> rows{
            {QStringLiteral("Label"), a.label(), b.label()},
            {QStringLiteral("Predictions"), a.predictions.source, b.predictions.source}};
        // An MLflow artifact: the file (or download) actually read, which the hash is of.
        if (!a.predictions.readFrom.isEmpty() || !b.predictions.readFrom.isEmpty())
            rows << QStringList{QStringLiteral("Read from"), orDash(a.predictions.readFrom),
                                orDash(b.predictions.readFrom)};
        table({QStringLiteral("Input"), QStringLiteral("Champion"), QStringLiteral("Candidate")},
              rows +
                  QList<QStringList>{
                      {QStringLiteral("File SHA-256"), a.predictions.fileSha256,
                       b.predictions.fileSha256},
                      {QStringLiteral("Test-set fingerprint"), m_r.testSet.championFingerprint,
                       m_r.testSet.candidateFingerprint},
                      {QStringLiteral("Rows (positives)"),
                       QStringLiteral("%1 (%2)").arg(formatCount(qint64(a.predictions.size())),
                                                     formatCount(qint64(a.predictions.positives))),
                       QStringLiteral("%1 (%2)").arg(formatCount(qint64(b.predictions.size())),
                                                     formatCount(qint64(b.predictions.positives)))},
                      {QStringLiteral("Threshold (source)"),
                       QStringLiteral("%1 (%2)").arg(a.threshold).arg(toString(a.thresholdSource)),
                       QStringLiteral("%1 (%2)").arg(b.threshold).arg(toString(b.thresholdSource))},
                      {QStringLiteral("Run id"), orDash(a.meta.runId), orDash(b.meta.runId)},
                      {QStringLiteral("Metadata"), orDash(a.meta.metadataSource),
                       orDash(b.meta.metadataSource)}});
        table({QStringLiteral("Policy"), QStringLiteral("Value")},
              {{QStringLiteral("Source"),
                p.sourceFile.isEmpty() ? QStringLiteral("built-in default") : p.sourceFile},
               {QStringLiteral("Source SHA-256"), orDash(p.sourceSha256)},
               {QStringLiteral("Applied policy SHA-256"), p.sha256()},
               {QStringLiteral("Value per row TP / FP / FN / TN"),
                QStringLiteral("%1 / %2 / %3 / %4")
                    .arg(money(v.tp), money(v.fp), money(v.fn), money(v.tn))},
               {QStringLiteral("Layer 2"),
                QStringLiteral("strictly better by more than %1 on at least %2 rows%3")
                    .arg(money(p.minDelta), formatCount(p.minTestRows),
                         p.requireSignificance ? QStringLiteral(", significant") : QString())},
               {QStringLiteral("Evaluated at"), m_r.evaluatedAt.toUTC().toString(Qt::ISODate)}});
    }

    const DecisionReportInput &m_in;
    const GateReport &m_r;
    ReportDocument m_doc;
};

} // namespace

Tone toneOf(const QString &result)
{
    if (result == QLatin1String("PASS") || result == QLatin1String("PROMOTED")) return Tone::Pass;
    if (result == QLatin1String("FAIL") || result == QLatin1String("NOT_PROMOTED") ||
        result == QLatin1String("INVALID"))
        return Tone::Fail;
    if (result == QLatin1String("NOT_RUN")) return Tone::Muted;
    return Tone::Neutral;
}

QList<ReportTable> diagnosisTables(const DiagnosisEvidence &evidence, int step,
                                   const QString &currency)
{
    if (step == StepData) return dataTables(evidence.data);
    if (step == StepModel && evidence.model.comparable)
        return modelTables(evidence.model, currency);
    return {};
}

ReportDocument buildReportDocument(const DecisionReportInput &input)
{
    return DocumentBuilder(input).build();
}

DecisionReportInput makeDecisionReportInput(std::shared_ptr<const GateReport> gate,
                                            const QMap<int, QString> &notes,
                                            std::optional<Decision> decision,
                                            const QDateTime &generatedAt,
                                            const ReviewEvidence &evidence)
{
    DecisionReportInput in;
    const ReviewEvidence computed = evidence.diagnosis ? evidence : gatherEvidence(*gate);
    in.analysis = computed.analysis;
    in.diagnosis = *computed.diagnosis;
    in.gate = std::move(gate);
    in.notes = notes;
    in.decision = std::move(decision);
    in.generatedAt = generatedAt;
    return in;
}

} // namespace gr

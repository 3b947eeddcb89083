// Markdown and plain-text renderings of a gate report.
#include "gatereportjson.h"
#include "segments/segmentanalysis.h"
#include "whereitlost.h"

#include <QRegularExpression>
#include <QTextStream>

namespace gr {
namespace {

QString money(const GateReport &r, Money v)
{
    return formatMoney(v, r.policy.currency);
}

QString signedMoney(const GateReport &r, Money v)
{
    return formatSignedMoney(v, r.policy.currency);
}

// A metric, or "undefined" when its definition divides by zero on this test set (the reasons are
// listed under the table).
QString metric(const ModelMetrics &m, const char *name, double v)
{
    if (m.undefined.contains(QLatin1String(name))) return QStringLiteral("undefined");
    return std::isfinite(v) ? QString::number(v, 'f', 4) : QStringLiteral("n/a");
}

QStringList undefinedNotes(const GateReport &r)
{
    QStringList notes;
    for (const auto *e : {&r.champion, &r.candidate}) {
        const QString who =
            e == &r.champion ? QStringLiteral("champion") : QStringLiteral("candidate");
        for (auto it = e->metrics.undefined.cbegin(); it != e->metrics.undefined.cend(); ++it)
            notes << QStringLiteral("%1 %2 undefined: %3").arg(who, it.key(), it.value());
    }
    return notes;
}

QString mcnemarText(const McNemarTest &t)
{
    if (!t.hasDiscordantRows())
        return QStringLiteral("McNemar b=0, c=0: no discordant rows, so the test has no "
                              "information about a difference");
    return QStringLiteral("McNemar b=%1, c=%2, p=%3")
        .arg(formatCount(t.b), formatCount(t.c), QString::number(t.pValue, 'g', 4));
}

QString verdictIcon(GateResult r)
{
    switch (r) {
    case GateResult::Promoted:
        return QStringLiteral("✅");
    case GateResult::NotPromoted:
        return QStringLiteral("🛑");
    case GateResult::Invalid:
        return QStringLiteral("⚠️");
    }
    return {};
}

} // namespace

QString escapeMarkdown(const QString &text)
{
    QString out;
    out.reserve(text.size() + 8);
    for (QChar c : text) {
        if (c == QLatin1Char('\n') || c == QLatin1Char('\r')) {
            out += QLatin1Char(' ');
            continue;
        }
        if (QStringLiteral("\\`*_{}[]()#+-.!|<>~&").contains(c)) out += QLatin1Char('\\');
        out += c;
    }
    return out;
}

QString gateReportToMarkdown(const GateReport &r)
{
    QString md;
    QTextStream s(&md);
    s << "## " << verdictIcon(r.result) << " Gate review: **" << toString(r.result) << "**\n\n";
    s << "Champion: " << escapeMarkdown(r.champion.run->label())
      << " · Candidate: " << escapeMarkdown(r.candidate.run->label()) << "\n\n";
    for (const QString &reason : r.reasons)
        s << "- " << escapeMarkdown(reason) << "\n";
    s << "\n| Layer | Result | Summary |\n|---|---|---|\n";
    for (const LayerOutcome &l : r.layers)
        s << "| " << l.id << ". " << escapeMarkdown(l.name) << " | " << toString(l.result) << " | "
          << escapeMarkdown(l.summary) << " |\n";
    const auto &ch = r.champion.metrics;
    const auto &ca = r.candidate.metrics;
    s << "\n| Metric | Champion | Candidate |\n|---|---:|---:|\n";
    s << "| Threshold | " << ch.threshold << " | " << ca.threshold << " |\n";
    s << "| Net benefit | " << money(r, ch.netBenefit) << " | " << money(r, ca.netBenefit)
      << " |\n";
    const auto cells = [](const Confusion &c) {
        return QStringLiteral("%1 / %2 / %3 / %4")
            .arg(formatCount(c.tp), formatCount(c.fp), formatCount(c.fn), formatCount(c.tn));
    };
    s << "| TP / FP / FN / TN | " << cells(ch.confusion) << " | " << cells(ca.confusion) << " |\n";
    s << "| Precision | " << metric(ch, "precision", ch.precision) << " | "
      << metric(ca, "precision", ca.precision) << " |\n";
    s << "| Recall | " << metric(ch, "recall", ch.recall) << " | "
      << metric(ca, "recall", ca.recall) << " |\n";
    s << "| F1 | " << metric(ch, "f1", ch.f1) << " | " << metric(ca, "f1", ca.f1) << " |\n";
    s << "| MCC | " << metric(ch, "mcc", ch.mcc) << " | " << metric(ca, "mcc", ca.mcc) << " |\n";
    s << "| ROC AUC | " << metric(ch, "roc_auc", ch.rocAuc) << " | "
      << metric(ca, "roc_auc", ca.rocAuc) << " |\n";
    s << "| Best net benefit (threshold) | " << money(r, ch.bestNetBenefit.value) << " ("
      << ch.bestNetBenefit.threshold << ") | " << money(r, ca.bestNetBenefit.value) << " ("
      << ca.bestNetBenefit.threshold << ") |\n";
    if (r.comparison) {
        const PairedComparison &p = *r.comparison;
        s << "\n**ΔNB** " << signedMoney(r, p.netBenefitDelta) << " ("
          << int(r.policy.bootstrap.level * 100) << "% CI " << signedMoney(r, p.bootstrap.low)
          << " to " << signedMoney(r, p.bootstrap.high)
          << "); exact sign-flip p=" << QString::number(p.signFlip.pValue, 'g', 4) << "; "
          << mcnemarText(p.mcnemar) << ".\n\n";
        s << "Where the dollars went: ";
        QStringList parts;
        for (int k = 0; k < 4; ++k)
            parts << QStringLiteral("%1 %2%3 rows → %4")
                         .arg(QString::fromLatin1(cellName(Cell(k))).toUpper())
                         .arg(p.countDeltaByCell[size_t(k)] > 0 ? QStringLiteral("+") : QString())
                         .arg(formatCount(p.countDeltaByCell[size_t(k)]))
                         .arg(signedMoney(r, p.deltaByCell[size_t(k)]));
        s << parts.join(QStringLiteral("; ")) << ".\n";
    }
    if (r.segments && r.segments->hasSegments()) s << whereItLostMarkdown(*r.segments);
    for (const QString &note : undefinedNotes(r))
        s << "\n- " << escapeMarkdown(note);
    s << "\nTest set: " << escapeMarkdown(r.testSet.summary()) << "  \nPolicy SHA-256 `"
      << r.policy.sha256().left(16) << "…`\n";
    return md;
}

QString gateReportToText(const GateReport &r)
{
    QString text;
    QTextStream s(&text);
    s << "Gate result: " << toString(r.result) << "\n";
    s << "  champion  " << r.champion.run->label() << "  (threshold "
      << r.champion.metrics.threshold << ", " << toString(r.champion.run->thresholdSource) << ")\n";
    s << "  candidate " << r.candidate.run->label() << "  (threshold "
      << r.candidate.metrics.threshold << ", " << toString(r.candidate.run->thresholdSource)
      << ")\n";
    s << "  test set  " << r.testSet.summary() << "\n";
    for (const CheckOutcome &c :
         r.layers.value(2).checks) // the eval data sets the runs logged, beside the rows
        if (c.id == QLatin1String("cicd.eval_dataset") && c.result != LayerResult::NotRun)
            s << "  datasets  " << c.detail << "\n";
    for (const LayerOutcome &l : r.layers)
        s << QStringLiteral("  layer %1 %2 %3  %4\n")
                 .arg(l.id)
                 .arg(l.name, -20)
                 .arg(toString(l.result), -8)
                 .arg(l.summary);
    s << "  net benefit  champion " << money(r, r.champion.metrics.netBenefit) << ", candidate "
      << money(r, r.candidate.metrics.netBenefit);
    if (r.comparison)
        s << ", Δ " << signedMoney(r, r.comparison->netBenefitDelta) << " (CI "
          << signedMoney(r, r.comparison->bootstrap.low) << " to "
          << signedMoney(r, r.comparison->bootstrap.high) << ")";
    s << "\n  f1           champion " << metric(r.champion.metrics, "f1", r.champion.metrics.f1)
      << ", candidate " << metric(r.candidate.metrics, "f1", r.candidate.metrics.f1) << "\n";
    if (r.comparison)
        s << "  sign-flip    p=" << QString::number(r.comparison->signFlip.pValue, 'g', 4)
          << " (exact, one-sided)\n  " << mcnemarText(r.comparison->mcnemar) << "\n";
    for (const QString &note : undefinedNotes(r))
        s << "  " << note << "\n";
    if (r.segments && r.segments->hasSegments()) s << whereItLostText(*r.segments);
    return text;
}

} // namespace gr

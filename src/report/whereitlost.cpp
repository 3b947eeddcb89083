#include "whereitlost.h"

#include "gatereportjson.h"
#include "segments/segmentanalysis.h"

#include <QTextStream>

namespace gr {

namespace {

QString share(double s)
{
    return QStringLiteral("%1%").arg(s * 100, 0, 'f', 1);
}

QString interval(const SegmentAnalysis &a, const SegmentComparison &s)
{
    auto money = [&](double v) { return formatMoney(v, a.currency); };
    return QStringLiteral("%1 to %2").arg(money(s.deltaLow), money(s.deltaHigh));
}

} // namespace

QString whereItLostMethod(const SegmentAnalysis &a)
{
    QStringList names;
    for (const SegmentColumn &c : a.columns.columns)
        names << c.name;
    return QStringLiteral(
               "Segment columns: %1. Slices: SliceLine's top %2 on the per-row loss (champion's "
               "row value − candidate's), up to %3 predicates, at least %4 rows, α = %5. "
               "Segments: paired t-test of the row values, %6% t interval of ΔNB, "
               "Benjamini–Hochberg at FDR %7 over %8 segments (* = flagged).")
        .arg(names.join(QStringLiteral(", ")))
        .arg(a.settings.topK)
        .arg(a.settings.maxLevel)
        .arg(formatCount(a.minSupport))
        .arg(a.settings.alpha)
        .arg(int(a.level * 100))
        .arg(share(a.settings.fdr))
        .arg(a.segments.size());
}

QList<ReportTable> whereItLostTables(const SegmentAnalysis &a, int segmentRows)
{
    ReportTable slices;
    slices.header = {QStringLiteral("Slice"),          QStringLiteral("Rows"),
                     QStringLiteral("Candidate lost"), QStringLiteral("Share of the loss"),
                     QStringLiteral("Champion NB"),    QStringLiteral("Candidate NB")};
    slices.numeric = {false, true, true, true, true, true};
    for (const SliceFinding &f : a.slices)
        slices.rows << QStringList{f.description,
                                   formatCount(f.slice.stats.size),
                                   formatMoney(f.loss, a.currency),
                                   share(f.shareOfLoss),
                                   formatMoney(f.championNetBenefit, a.currency),
                                   formatMoney(f.candidateNetBenefit, a.currency)};
    ReportTable segments;
    segments.header = {QStringLiteral("Segment"),      QStringLiteral("Rows"),
                       QStringLiteral("Positives"),    QStringLiteral("Champion NB"),
                       QStringLiteral("Candidate NB"), QStringLiteral("ΔNB"),
                       QStringLiteral("Interval"),     QStringLiteral("Adjusted p")};
    segments.numeric = {false, true, true, true, true, true, true, true};
    for (const SegmentComparison *s : segmentsByLoss(a)) {
        if (segments.rows.size() >= segmentRows) break;
        segments.rows << QStringList{a.segmentName(*s) +
                                         (s->flagged ? QStringLiteral(" *") : QString()),
                                     formatCount(s->rows),
                                     formatCount(s->positives),
                                     formatMoney(s->championNetBenefit, a.currency),
                                     formatMoney(s->candidateNetBenefit, a.currency),
                                     formatSignedMoney(s->delta, a.currency),
                                     interval(a, *s),
                                     formatPValue(s->adjustedP)};
    }
    return {slices, segments};
}

QString whereItLostText(const SegmentAnalysis &a, int segmentRows)
{
    QString text;
    QTextStream s(&text);
    s << "  where it lost  the candidate lost " << formatMoney(a.totalLoss, a.currency)
      << " in total\n";
    const QList<ReportTable> tables = whereItLostTables(a, segmentRows);
    for (const QStringList &row : tables[0].rows)
        s << "    slice    " << row[0] << ": " << row[2] << " (" << row[3] << " of the loss, "
          << row[1] << " rows)\n";
    for (const QStringList &row : tables[1].rows)
        s << "    segment  " << row[0] << ": " << row[1] << " rows, ΔNB " << row[5] << " ("
          << row[6] << "), adjusted p " << row[7] << "\n";
    for (const QString &note : a.notes)
        s << "    note     " << note << "\n";
    return text;
}

QString whereItLostMarkdown(const SegmentAnalysis &a, int segmentRows)
{
    QString md;
    QTextStream s(&md);
    s << "\n### Where it lost\n\n" << escapeMarkdown(whereItLostMethod(a)) << "\n";
    for (const ReportTable &t : whereItLostTables(a, segmentRows)) {
        if (t.rows.isEmpty()) continue;
        s << "\n|";
        for (const QString &h : t.header)
            s << " " << escapeMarkdown(h) << " |";
        s << "\n|";
        for (const bool numeric : t.numeric)
            s << (numeric ? "---:|" : "---|");
        for (const QStringList &row : t.rows) {
            s << "\n|";
            for (const QString &cell : row)
                s << " " << escapeMarkdown(cell) << " |";
        }
        s << "\n";
    }
    for (const QString &note : a.notes)
        s << "\n- " << escapeMarkdown(note);
    s << "\n";
    return md;
}

} // namespace gr

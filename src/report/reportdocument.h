#pragma once
// The decision report's content as a neutral list of blocks, built once and rendered by the HTML,
// Markdown and PDF writers, so the three formats say the same thing. Block text is plain user
// or computed text; each renderer escapes it for its format.
#include "decisionreport.h"
#include "reportplots.h"

#include <QList>
#include <QStringList>

namespace gr {

enum class Tone
{
    Neutral,
    Pass,
    Fail,
    Muted
};

struct ReportTable
{
    QStringList header;
    QList<QStringList> rows;
    QList<bool> numeric; // per column: right-aligned
};

struct ReportBlock
{
    enum class Kind
    {
        Heading,
        Paragraph,
        Bullets,
        Table,
        Plot,
        Notes,
        Verdict
    };
    Kind kind = Kind::Paragraph;
    int level = 2;     // headings: 2 sections, 3 subsections
    QString text;      // heading, paragraph, notes, verdict
    QStringList items; // bullets; verdict reasons
    ReportTable table;
    int plot = -1; // index into ReportDocument::plots
    Tone tone = Tone::Neutral;
};

struct ReportDocument
{
    QString title;
    QString subtitle;
    QList<ReportBlock> blocks;
    QList<PlotData> plots;
};

ReportDocument buildReportDocument(const DecisionReportInput &input);
// The evidence tables of one diagnosis step (class balance, diffs, threshold sensitivity, score
// distribution), shared by the report and the Diagnosis page.
QList<ReportTable> diagnosisTables(const DiagnosisEvidence &evidence, int step,
                                   const QString &currency);
Tone toneOf(const QString &result); // PASS/PROMOTED -> Pass, FAIL/NOT_PROMOTED/INVALID -> Fail,
                                    // NOT_RUN -> Muted

} // namespace gr

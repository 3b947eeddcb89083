// The decision report as Markdown for a PR comment or a CI job summary. Every piece of text goes
// through escapeMarkdown; notes keep their line breaks inside a block quote.
#include "gatereportjson.h"
#include "reportdocument.h"

#include <QTextStream>

namespace gr {
namespace {

// escapeMarkdown covers inline syntax; a line of its own can also be a setext underline ("===")
// or, indented, a code block, so those are neutralised too.
QString escapeMarkdownLine(const QString &line)
{
    QString escaped = escapeMarkdown(line.trimmed());
    escaped.replace(QLatin1Char('='), QStringLiteral("\\="));
    return escaped;
}

QString cell(const QString &text)
{
    return text.isEmpty() ? QStringLiteral(" ") : escapeMarkdown(text);
}

void writeTable(QTextStream &s, const ReportTable &t)
{
    s << "\n|";
    for (const QString &h : t.header)
        s << " " << cell(h) << " |";
    s << "\n|";
    for (int c = 0; c < t.header.size(); ++c)
        s << (c < t.numeric.size() && t.numeric[c] ? "---:|" : "---|");
    s << "\n";
    for (const QStringList &row : t.rows) {
        s << "|";
        for (const QString &v : row)
            s << " " << cell(v) << " |";
        s << "\n";
    }
    s << "\n";
}

} // namespace

QString decisionReportToMarkdown(const DecisionReportInput &input)
{
    const ReportDocument doc = buildReportDocument(input);
    QString md;
    QTextStream s(&md);
    s << "# " << escapeMarkdown(doc.title) << "\n\n" << escapeMarkdown(doc.subtitle) << "\n";
    for (const ReportBlock &b : doc.blocks) {
        switch (b.kind) {
        case ReportBlock::Kind::Heading:
            s << "\n"
              << QString(b.level, QLatin1Char('#')) << " " << escapeMarkdown(b.text) << "\n";
            break;
        case ReportBlock::Kind::Paragraph:
            s << "\n"
              << (b.tone == Tone::Muted ? QStringLiteral("_%1_").arg(escapeMarkdown(b.text))
                                        : escapeMarkdown(b.text))
              << "\n";
            break;
        case ReportBlock::Kind::Bullets:
            s << "\n";
            for (const QString &item : b.items)
                s << "- " << escapeMarkdown(item) << "\n";
            break;
        case ReportBlock::Kind::Table:
            writeTable(s, b.table);
            break;
        case ReportBlock::Kind::Plot:
            // Markdown cannot carry the plot itself; the HTML and PDF reports draw it.
            s << "\n**" << escapeMarkdown(doc.plots[b.plot].title)
              << "** (drawn in the HTML and PDF reports): " << escapeMarkdown(b.text) << "\n";
            break;
        case ReportBlock::Kind::Notes: {
            if (b.text.isEmpty()) {
                s << "\n_No notes for this step._\n";
                break;
            }
            s << "\n**Notes:**\n\n";
            const QStringList lines = b.text.split(QLatin1Char('\n'));
            for (int i = 0; i < lines.size(); ++i)
                s << "> " << escapeMarkdownLine(lines[i]) << (i + 1 < lines.size() ? "  \n" : "\n");
            break;
        }
        case ReportBlock::Kind::Verdict:
            s << "\n## " << (b.tone == Tone::Pass ? "✅ " : "🛑 ") << escapeMarkdown(b.text)
              << "\n\n";
            for (const QString &reason : b.items)
                s << "- " << escapeMarkdown(reason) << "\n";
            break;
        }
    }
    return md;
}

} // namespace gr

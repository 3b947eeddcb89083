// The decision report as one self-contained HTML file: inline CSS, plots as inline SVG, no
// scripts and nothing fetched over the network. All text is escaped, so notes are inert.
#include "reportdocument.h"

#include <QTextStream>

namespace gr {
namespace {

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString toneClass(Tone tone)
{
    switch (tone) {
    case Tone::Pass:
        return QStringLiteral("pass");
    case Tone::Fail:
        return QStringLiteral("fail");
    case Tone::Muted:
        return QStringLiteral("muted");
    case Tone::Neutral:
        break;
    }
    return {};
}

const char *kStyle =
    R"(body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}h3{margin-bottom:.3em}
.subtitle{color:#555;margin-top:0}
table{border-collapse:collapse;margin:.6em 0;font-size:.92em}th,td{border:1px solid #d0d0d0;padding:.25em .55em;vertical-align:top;text-align:left}
th{background:#f1f1f1}td.num{text-align:right;font-variant-numeric:tabular-nums}td{overflow-wrap:anywhere}
.pass{color:#006b4e;font-weight:600}.fail{color:#b34700;font-weight:600}.muted{color:#777}
.verdict{border-left:6px solid #888;background:#f6f6f6;padding:.6em 1em;margin:1em 0}.verdict.pass{border-color:#009E73}.verdict.fail{border-color:#D55E00}
.verdict h2{border:0;margin:0;color:inherit}.verdict ul{margin:.4em 0 0;font-weight:normal;color:#1b1b1b}
figure{margin:1em 0}figcaption{color:#555;font-size:.9em}svg{max-width:100%;height:auto}
.notes{white-space:pre-wrap;background:#fffbe6;border-left:4px solid #E69F00;padding:.5em .8em;margin:.5em 0;font-family:inherit}
.notes.muted{background:#f6f6f6;border-color:#ccc}
@media print{body{max-width:none}}
)";

void writeTable(QTextStream &s, const ReportTable &t)
{
    s << "<table>\n<thead><tr>";
    for (const QString &h : t.header)
        s << "<th>" << esc(h) << "</th>";
    s << "</tr></thead>\n<tbody>\n";
    for (const QStringList &row : t.rows) {
        s << "<tr>";
        for (int c = 0; c < row.size(); ++c) {
            QStringList classes;
            if (c < t.numeric.size() && t.numeric[c]) classes << QStringLiteral("num");
            const QString tone = toneClass(toneOf(row[c]));
            if (!tone.isEmpty()) classes << tone;
            s << (classes.isEmpty()
                      ? QStringLiteral("<td>")
                      : QStringLiteral("<td class=\"%1\">").arg(classes.join(QLatin1Char(' '))))
              << esc(row[c]) << "</td>";
        }
        s << "</tr>\n";
    }
    s << "</tbody>\n</table>\n";
}

} // namespace

QString decisionReportToHtml(const DecisionReportInput &input)
{
    const ReportDocument doc = buildReportDocument(input);
    QString html;
    QTextStream s(&html);
    // The CSP forbids scripts and remote loads outright: even a renderer bug cannot run note text.
    s << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
         "'unsafe-inline'; img-src data:\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
      << esc(doc.title) << "</title>\n<style>\n"
      << kStyle << "</style>\n</head>\n<body>\n";
    s << "<h1>" << esc(doc.title) << "</h1>\n<p class=\"subtitle\">" << esc(doc.subtitle)
      << "</p>\n";
    for (const ReportBlock &b : doc.blocks) {
        switch (b.kind) {
        case ReportBlock::Kind::Heading:
            s << "<h" << b.level << ">" << esc(b.text) << "</h" << b.level << ">\n";
            break;
        case ReportBlock::Kind::Paragraph:
            s << (b.tone == Tone::Neutral
                      ? QStringLiteral("<p>")
                      : QStringLiteral("<p class=\"%1\">").arg(toneClass(b.tone)))
              << esc(b.text) << "</p>\n";
            break;
        case ReportBlock::Kind::Bullets:
            s << "<ul>\n";
            for (const QString &item : b.items)
                s << "<li>" << esc(item) << "</li>\n";
            s << "</ul>\n";
            break;
        case ReportBlock::Kind::Table:
            writeTable(s, b.table);
            break;
        case ReportBlock::Kind::Plot:
            s << "<figure>\n"
              << plotToSvg(doc.plots[b.plot], 720, 300) << "\n<figcaption>" << esc(b.text)
              << "</figcaption>\n</figure>\n";
            break;
        case ReportBlock::Kind::Notes:
            if (b.text.isEmpty())
                s << "<div class=\"notes muted\">No notes for this step.</div>\n";
            else
                s << "<div class=\"notes\">" << esc(b.text) << "</div>\n";
            break;
        case ReportBlock::Kind::Verdict:
            s << "<section class=\"verdict " << toneClass(b.tone) << "\">\n<h2>" << esc(b.text)
              << "</h2>\n<ul>\n";
            for (const QString &reason : b.items)
                s << "<li>" << esc(reason) << "</li>\n";
            s << "</ul>\n</section>\n";
            break;
        }
    }
    s << "</body>\n</html>\n";
    return html;
}

} // namespace gr

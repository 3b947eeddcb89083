// The decision report painted onto A4 pages with QPdfWriter and QPainter: text stays text (so
// pdftotext and search work) and the plots are vector paths, sharp at any zoom.
#include "reportdocument.h"

#include <algorithm>
#include <QFontMetricsF>
#include <QPainter>
#include <QPdfWriter>
#include <QTextLayout>

namespace gr {
namespace {

constexpr int kResolution = 96; // device pixels per inch: 1 unit = 1 CSS pixel, as in the HTML
constexpr double kGap = 8;

QColor toneColor(Tone tone)
{
    switch (tone) {
    case Tone::Pass:
        return {0x00, 0x6b, 0x4e};
    case Tone::Fail:
        return {0xb3, 0x47, 0x00};
    case Tone::Muted:
        return {0x77, 0x77, 0x77};
    case Tone::Neutral:
        break;
    }
    return {0x1b, 0x1b, 0x1b};
}

class PdfLayout
{
public:
    PdfLayout(QPdfWriter &writer, QPainter &painter, QString footer)
        : m_writer(writer), m_p(painter), m_page(writer.pageLayout().paintRectPixels(kResolution)),
          m_footer(std::move(footer))
    {
        m_page.moveTopLeft(QPoint(0, 0));
        m_body = QFont(QStringLiteral("DejaVu Sans"));
        m_body.setStyleHint(QFont::SansSerif);
        m_body.setPixelSize(11);
        m_body.setStyleStrategy(QFont::PreferNoShaping); // no ligatures: "benefit" stays searchable
        m_bold = m_body;
        m_bold.setBold(true);
        m_y = m_page.top();
    }

    double width() const { return m_page.width(); }

    void finish() { drawFooter(); }

    // Starts a new page unless `height` fits below the cursor.
    void ensure(double height)
    {
        if (m_y + height <= m_page.bottom() - 24 || m_y == m_page.top()) return;
        drawFooter();
        m_writer.newPage();
        ++m_pageNumber;
        m_y = m_page.top();
    }

    QFont font(int pixelSize, bool bold) const
    {
        QFont f = bold ? m_bold : m_body;
        f.setPixelSize(pixelSize);
        return f;
    }

    double textHeight(const QString &text, const QFont &f, double w, int flags) const
    {
        const QFontMetricsF fm(f, &m_writer);
        return fm.boundingRect(QRectF(0, 0, w, 1e6), flags, text).height();
    }

    // Wrapped text at the cursor; text taller than what is left of the page continues on the
    // next page line by line, so no line ever reaches the footer.
    void text(const QString &text, const QFont &f, const QColor &color, double indent = 0,
              double after = kGap)
    {
        const QFontMetricsF fm(f, &m_writer);
        const double w = width() - indent;
        for (const QString &para : text.split(QLatin1Char('\n'))) {
            const bool unbroken =
                fm.horizontalAdvance(para) > w && !para.contains(QLatin1Char(' '));
            const int flags = Qt::TextWordWrap | (unbroken ? Qt::TextWrapAnywhere : 0);
            const double h = std::max(fm.height(), textHeight(para, f, w, flags));
            ensure(std::min(h, fm.height() * 3));
            // After a page break the footer has set its own font and pen.
            m_p.setFont(f);
            m_p.setPen(color);
            if (m_y + h <= bottom()) {
                m_p.drawText(QRectF(m_page.left() + indent, m_y, w, h), flags, para);
                m_y += h;
                continue;
            }
            QTextLayout layout(para, f, &m_writer);
            QTextOption option;
            option.setWrapMode(unbroken ? QTextOption::WrapAnywhere
                                        : QTextOption::WrapAtWordBoundaryOrAnywhere);
            layout.setTextOption(option);
            layout.beginLayout();
            for (double y = 0;;) {
                QTextLine line = layout.createLine();
                if (!line.isValid()) break;
                line.setLineWidth(w);
                line.setPosition(QPointF(0, y));
                y += line.height();
            }
            layout.endLayout();
            for (int i = 0; i < layout.lineCount(); ++i) {
                const QTextLine line = layout.lineAt(i);
                if (m_y + line.height() > bottom()) {
                    ensure(1e6); // a new page
                    m_p.setFont(f);
                    m_p.setPen(color);
                }
                line.draw(&m_p, QPointF(m_page.left() + indent, m_y - line.y()));
                m_y += line.height();
            }
        }
        m_y += after;
    }

    // The lowest a line of content may reach: the footer sits below.
    double bottom() const { return m_page.bottom() - 24; }

    void heading(const QString &text, int level)
    {
        const QFont f = font(level <= 2 ? 16 : 13, true);
        ensure(90); // keep a heading with what follows it
        m_y += level <= 2 ? 10 : 4;
        text_(text, f);
        if (level <= 2) {
            m_p.setPen(QPen(QColor(0xcc, 0xcc, 0xcc), 1));
            m_p.drawLine(QPointF(m_page.left(), m_y), QPointF(m_page.right(), m_y));
        }
        m_y += 6;
    }

    void bullets(const QStringList &items)
    {
        for (const QString &item : items) {
            const double h = textHeight(item, m_body, width() - 14, Qt::TextWordWrap);
            ensure(std::min(h, 40.0));
            m_p.setFont(m_body);
            m_p.setPen(toneColor(Tone::Neutral));
            m_p.drawText(
                QPointF(m_page.left() + 3, m_y + QFontMetricsF(m_body, &m_writer).ascent()),
                QStringLiteral("•"));
            text(item, m_body, toneColor(Tone::Neutral), 14, 3);
        }
        m_y += kGap - 3;
    }

    void table(const ReportTable &t)
    {
        const int columns = int(t.header.size());
        const QList<double> widths = columnWidths(t);
        auto rowHeight = [&](const QStringList &row, const QFont &f) {
            double h = 0;
            for (int c = 0; c < columns; ++c)
                h = std::max(h, textHeight(row.value(c), f, widths[c] - 8,
                                           cellFlags(row.value(c), f, widths[c] - 8)));
            return h + 6;
        };
        auto drawRow = [&](const QStringList &row, const QFont &f, bool header) {
            const double h = rowHeight(row, f);
            double x = m_page.left();
            for (int c = 0; c < columns; ++c) {
                const QRectF cellRect(x, m_y, widths[c], h);
                if (header) m_p.fillRect(cellRect, QColor(0xf1, 0xf1, 0xf1));
                m_p.setPen(QPen(QColor(0xd0, 0xd0, 0xd0), 0.8));
                m_p.drawRect(cellRect);
                const Tone tone = header ? Tone::Neutral : toneOf(row.value(c));
                m_p.setFont(tone == Tone::Pass || tone == Tone::Fail ? m_bold : f);
                m_p.setPen(toneColor(tone));
                const int align = !header && t.numeric.value(c) ? Qt::AlignRight : Qt::AlignLeft;
                m_p.drawText(cellRect.adjusted(4, 3, -4, -3),
                             cellFlags(row.value(c), f, widths[c] - 8) | align, row.value(c));
                x += widths[c];
            }
            m_y += h;
        };
        // A short table stays on one page; a long one starts with at least its header and a row.
        double whole = rowHeight(t.header, m_bold);
        for (const QStringList &row : t.rows)
            whole += rowHeight(row, m_body);
        ensure(whole < m_page.height() / 3
                   ? whole
                   : rowHeight(t.header, m_bold) +
                         (t.rows.isEmpty() ? 0 : rowHeight(t.rows.first(), m_body)));
        drawRow(t.header, m_bold, true);
        for (const QStringList &row : t.rows) {
            // A row taller than half a page (a long rationale) cannot stay in a cell without
            // running over the footer: its cells flow as text, line by line across pages.
            if (rowHeight(row, m_body) > m_page.height() / 2) {
                m_y += 4;
                for (int c = 0; c < columns; ++c)
                    text(row.value(c), c == 0 ? m_bold : m_body, toneColor(Tone::Neutral),
                         c == 0 ? 0 : 14, 2);
                continue;
            }
            if (m_y + rowHeight(row, m_body) > m_page.bottom() - 24) {
                ensure(1e6); // forces a page break; the header repeats on the new page
                drawRow(t.header, m_bold, true);
            }
            drawRow(row, m_body, false);
        }
        m_y += kGap + 2;
    }

    void plot(const PlotData &data, const QString &caption)
    {
        const double h = width() * 0.42;
        ensure(h + 30);
        paintPlot(m_p, QRectF(m_page.left(), m_y, width(), h), data);
        m_y += h + 2;
        text(caption, font(10, false), toneColor(Tone::Muted));
    }

    void box(const QString &title, const QString &body, const QStringList &items, Tone tone,
             const QColor &fill)
    {
        const QFont titleFont = font(title.isEmpty() ? 11 : 15, true);
        double h =
            (title.isEmpty() ? 0
                             : textHeight(title, titleFont, width() - 24, Qt::TextWordWrap) + 4) +
            16;
        if (!body.isEmpty()) h += textHeight(body, m_body, width() - 24, Qt::TextWordWrap);
        for (const QString &item : items)
            h += textHeight(item, m_body, width() - 36, Qt::TextWordWrap) + 3;
        if (h > m_page.height() /
                    2) { // too long for one box: plain wrapped text that can break across pages
            text(body, m_body, toneColor(tone));
            return;
        }
        ensure(h);
        m_p.fillRect(QRectF(m_page.left(), m_y, width(), h), fill);
        m_p.fillRect(QRectF(m_page.left(), m_y, 5, h), toneColor(tone));
        const double top = m_y;
        m_y += 8;
        if (!title.isEmpty()) text(title, titleFont, toneColor(tone), 14, 4);
        if (!body.isEmpty()) text(body, m_body, toneColor(Tone::Neutral), 14, 0);
        for (const QString &item : items)
            text(QStringLiteral("• ") + item, m_body, toneColor(Tone::Neutral), 14, 3);
        m_y = top + h + kGap;
    }

    void title(const QString &title, const QString &subtitle)
    {
        text_(title, font(21, true));
        m_y += 2;
        text(subtitle, font(11, false), toneColor(Tone::Muted));
    }

private:
    void text_(const QString &t, const QFont &f) { text(t, f, toneColor(Tone::Neutral), 0, 2); }

    int cellFlags(const QString &text, const QFont &f, double w) const
    {
        // Hashes and paths have no spaces: let them break anywhere rather than run out of the cell.
        const QFontMetricsF fm(f, &m_writer);
        for (const QString &word : text.split(QLatin1Char(' ')))
            if (fm.horizontalAdvance(word) > w) return Qt::TextWrapAnywhere;
        return Qt::TextWordWrap;
    }

    QList<double> columnWidths(const ReportTable &t) const
    {
        const QFontMetricsF fm(m_body, &m_writer), bold(m_bold, &m_writer);
        const int columns = int(t.header.size());
        QList<double> natural;
        for (int c = 0; c < columns; ++c) {
            double w = bold.horizontalAdvance(t.header[c]) + 10;
            for (const QStringList &row : t.rows)
                w = std::max(w, fm.horizontalAdvance(row.value(c)) + 10);
            natural << std::min(w, width());
        }
        double total = 0;
        for (double w : natural)
            total += w;
        if (total <= width()) return natural;
        // Too wide: columns narrower than a fair share keep their width; the wide ones share the
        // rest.
        const double fair = width() / columns;
        double fixed = 0, flexible = 0;
        for (double w : natural)
            (w <= fair ? fixed : flexible) += w;
        QList<double> out;
        for (double w : natural)
            out << (w <= fair ? w : w / flexible * (width() - fixed));
        return out;
    }

    void drawFooter()
    {
        m_p.setFont(font(9, false));
        m_p.setPen(toneColor(Tone::Muted));
        m_p.drawText(QRectF(m_page.left(), m_page.bottom() - 14, width(), 14), Qt::AlignLeft,
                     m_footer);
        m_p.drawText(QRectF(m_page.left(), m_page.bottom() - 14, width(), 14), Qt::AlignRight,
                     QStringLiteral("page %1").arg(m_pageNumber));
    }

    QPdfWriter &m_writer;
    QPainter &m_p;
    QRectF m_page;
    QString m_footer;
    QFont m_body, m_bold;
    double m_y = 0;
    int m_pageNumber = 1;
};

} // namespace

bool writeDecisionReportPdf(const DecisionReportInput &input, QIODevice *device)
{
    const ReportDocument doc = buildReportDocument(input);
    QPdfWriter writer(device);
    writer.setResolution(kResolution);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                     QMarginsF(15, 14, 15, 12), QPageLayout::Millimeter));
    writer.setTitle(doc.title);
    writer.setCreator(QStringLiteral("Gate Review ") + input.gate->appVersion);
    QPainter painter;
    if (!painter.begin(&writer)) return false;
    PdfLayout layout(writer, painter,
                     QStringLiteral("Gate review decision report · %1")
                         .arg(input.generatedAt.toUTC().toString(Qt::ISODate)));
    layout.title(doc.title, doc.subtitle);
    for (const ReportBlock &b : doc.blocks) {
        switch (b.kind) {
        case ReportBlock::Kind::Heading:
            layout.heading(b.text, b.level);
            break;
        case ReportBlock::Kind::Paragraph:
            layout.text(b.text, layout.font(11, false), toneColor(b.tone));
            break;
        case ReportBlock::Kind::Bullets:
            layout.bullets(b.items);
            break;
        case ReportBlock::Kind::Table:
            layout.table(b.table);
            break;
        case ReportBlock::Kind::Plot:
            layout.plot(doc.plots[b.plot], b.text);
            break;
        case ReportBlock::Kind::Notes:
            layout.box(QString(),
                       b.text.isEmpty() ? QStringLiteral("No notes for this step.")
                                        : QStringLiteral("Notes: ") + b.text,
                       {}, b.text.isEmpty() ? Tone::Muted : Tone::Neutral,
                       b.text.isEmpty() ? QColor(0xf6, 0xf6, 0xf6) : QColor(0xff, 0xfb, 0xe6));
            break;
        case ReportBlock::Kind::Verdict:
            layout.box(b.text, QString(), b.items, b.tone, QColor(0xf6, 0xf6, 0xf6));
            break;
        }
    }
    layout.finish();
    return painter.end();
}

} // namespace gr

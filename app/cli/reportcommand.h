#pragma once
#include "command.h"

namespace gr::cli {

// `gatereview report`: evaluates the gate and writes the decision report (PDF, HTML, Markdown or
// JSON) with the diagnosis evidence, the notes of a saved review session and, optionally, a
// decision. Exit 0 when the report was written, 2 for usage or input errors. PDF text needs
// fonts, hence a QGuiApplication: main() starts one on the offscreen platform for this command.
class ReportCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("report"); }
    QString description() const override
    {
        return QStringLiteral("write a decision report: pdf, html, md or json");
    }
    bool needsGuiApplication() const override { return true; }
    int run(const QStringList &arguments, QTextStream &out, QTextStream &err) override;
};

} // namespace gr::cli

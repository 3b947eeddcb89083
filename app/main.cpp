// gatereview: the review window, or a headless subcommand (`gatereview gate ...`). Subcommands
// run on a QCoreApplication, so CI never needs a display.
#include "cli/command.h"

#include <cstdio>
#include <memory>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QTextStream>

#ifdef GATEREVIEW_WITH_GUI
#include "guimain.h"
#endif

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    if (!arguments.isEmpty() && gr::cli::isSubcommand(arguments.first())) {
        // Most subcommands need no GUI at all; one that paints text (PDF) needs fonts, which Qt
        // only provides with a QGuiApplication: the offscreen platform gives it one without a
        // display.
        std::unique_ptr<QCoreApplication> app;
        if (gr::cli::needsGuiApplication(arguments.first())) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
            app = std::make_unique<QGuiApplication>(argc, argv);
        } else {
            app = std::make_unique<QCoreApplication>(argc, argv);
        }
        QCoreApplication::setApplicationName(QStringLiteral("gatereview"));
        QCoreApplication::setApplicationVersion(QStringLiteral(GATEREVIEW_VERSION));
        QTextStream out(stdout), err(stderr);
        const int code = gr::cli::runCommandLine(arguments, out, err);
        out.flush();
        err.flush();
        return code;
    }
#ifdef GATEREVIEW_WITH_GUI
    return gr::ui::runGui(argc, argv);
#else
    std::fputs("gatereview was built without the GUI; run 'gatereview help' for the subcommands\n",
               stderr);
    return 2;
#endif
}

#include "guimain.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

namespace gr::ui {

int runGui(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("gatereview"));
    QApplication::setApplicationDisplayName(QStringLiteral("Gate Review"));
    QApplication::setOrganizationName(QStringLiteral("gatereview"));
    QApplication::setApplicationVersion(QStringLiteral(GATEREVIEW_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Review a candidate model against the champion at the quality gate."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("demo"), QStringLiteral("Open the bundled demo runs.")});
    parser.addPositionalArgument(QStringLiteral("champion"), QStringLiteral("Champion predictions (file or run folder)."), QStringLiteral("[CHAMPION"));
    parser.addPositionalArgument(QStringLiteral("candidate"), QStringLiteral("Candidate predictions."), QStringLiteral("CANDIDATE]"));
    parser.process(app);

    MainWindow window;
    window.resize(1600, 1000);
    window.show();
    const QStringList pair = parser.positionalArguments();
    if (parser.isSet(QStringLiteral("demo")))
        window.openDemo();
    else if (pair.size() == 2)
        window.openPair(pair[0], pair[1]);
    return QApplication::exec();
}

} // namespace gr::ui

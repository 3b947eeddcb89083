#include "guimain.h"
#include "mainwindow.h"
#include "model/errors.h"
#include "model/numberparsing.h"
#include "screenshots.h"

#include <cstdio>
#include <optional>
#include <QApplication>
#include <QCommandLineParser>

namespace gr::ui {

std::array<double, 2> parseWhatIfOption(const QString &value)
{
    const QString option = QStringLiteral("--what-if");
    const QStringList parts = value.split(QLatin1Char(','));
    if (parts.size() != 2)
        throw InputError(option, QStringLiteral("'%1' is not two thresholds CHAMPION,CANDIDATE "
                                                "(e.g. 0.4,0.55)")
                                     .arg(value));
    return {parseThreshold(parts[0], option + QStringLiteral(" (champion)")),
            parseThreshold(parts[1], option + QStringLiteral(" (candidate)"))};
}

int runGui(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("gatereview"));
    QApplication::setApplicationDisplayName(QStringLiteral("Gate Review"));
    QApplication::setOrganizationName(QStringLiteral("gatereview"));
    QApplication::setApplicationVersion(QStringLiteral(GATEREVIEW_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Review a candidate model against the champion at the quality gate."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("demo"), QStringLiteral("Open the bundled demo runs.")});
    parser.addOption({QStringLiteral("policy"), QStringLiteral("Gate policy (YAML) for the pair."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("theme"), QStringLiteral("system, light or dark."),
                      QStringLiteral("theme")});
    QCommandLineOption screenshots(QStringLiteral("screenshots"),
                                   QStringLiteral("Save every page as PNG into <dir>, then quit."),
                                   QStringLiteral("dir"));
    screenshots.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(screenshots);
    QCommandLineOption windowSize(QStringLiteral("window-size"),
                                  QStringLiteral("With --screenshots: the window size, WxH."),
                                  QStringLiteral("WxH"), QStringLiteral("1600x1000"));
    windowSize.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(windowSize);
    QCommandLineOption whatIf(QStringLiteral("what-if"),
                              QStringLiteral("Start with what-if thresholds CHAMPION,CANDIDATE."),
                              QStringLiteral("t1,t2"));
    parser.addOption(whatIf);
    parser.addPositionalArgument(QStringLiteral("champion"),
                                 QStringLiteral("Champion predictions (file or run folder)."),
                                 QStringLiteral("[CHAMPION"));
    parser.addPositionalArgument(QStringLiteral("candidate"),
                                 QStringLiteral("Candidate predictions."),
                                 QStringLiteral("CANDIDATE]"));
    parser.process(app);
    std::optional<std::array<double, 2>> whatIfThresholds;
    if (parser.isSet(whatIf)) {
        try {
            whatIfThresholds = parseWhatIfOption(parser.value(whatIf));
        } catch (const InputError &e) {
            std::fprintf(stderr, "gatereview: %s\n", qPrintable(e.message()));
            return 2; // as the CLI: a usage error, before any window opens
        }
    }

    MainWindow window;
    if (parser.isSet(QStringLiteral("theme")))
        applyTheme(themeFromKey(parser.value(QStringLiteral("theme")))); // for this session only
    if (parser.isSet(screenshots)) {
        const QStringList size = parser.value(windowSize).split(QLatin1Char('x'));
        window.resize(size.value(0).toInt(), size.value(1).toInt());
        captureScreenshotsAfterLoad(&window, parser.value(screenshots),
                                    parser.isSet(QStringLiteral("theme"))
                                        ? QLatin1Char('-') + parser.value(QStringLiteral("theme"))
                                        : QString());
    }
    if (whatIfThresholds) {
        QObject::connect(
            window.state(), &ReviewState::reportChanged, &window,
            [&window, t = *whatIfThresholds] {
                if (window.state()->hasReport()) {
                    window.state()->setWhatIfThreshold(Side::Champion, t[0]);
                    window.state()->setWhatIfThreshold(Side::Candidate, t[1]);
                }
            },
            Qt::SingleShotConnection);
    }
    window.show();
    const QStringList pair = parser.positionalArguments();
    if (parser.isSet(QStringLiteral("demo")))
        window.openDemo();
    else if (pair.size() == 2)
        window.openPair(pair[0], pair[1], parser.value(QStringLiteral("policy")));
    else if (!pair.isEmpty())
        parser.showHelp(2);
    else if (!parser.isSet(screenshots))
        window.offerAutosave(); // the last session ended with unsaved work
    return QApplication::exec();
}

} // namespace gr::ui

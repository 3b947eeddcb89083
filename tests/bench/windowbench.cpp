// gatereview_window_bench CHAMPION.csv CANDIDATE.csv [--drags N]
//
// The window's side of the performance goals, beside the CLI's, in one run; prints one JSON line:
//   cli_s / cli_peak_rss_mib   `gatereview gate` on the same pair as a child process (wall time,
//                              the child's peak RSS from getrusage(RUSAGE_CHILDREN))
//   window_open_s              MainWindow::openPair() until the verdict is set (the window's own
//                              loaded() slot has run), then one pass of the event loop to paint
//   window_over_cli            window_open_s / cli_s (goal ≤ 1.5)
//   evidence_ready_s           from openPair() until the analysis and diagnosis, computed after
//                              the verdict off the UI thread, are in the review
//   worst_event_loop_gap_ms    the longest wait between two 10 ms timer ticks from openPair()
//                              until the evidence is ready and every page has taken it (the UI
//                              thread's worst stall; goal ≤ 50); worst_gap_until_verdict_ms: the
//                              same until the verdict is painted; worst_gap_ended_s: when the
//                              worst gap ended, from openPair() (beside window_verdict_s)
//   drag_update_ms_p50/p95     one threshold what-if (every page's slot) plus the event-loop pass
//                              that replots the visible page, alternating sides (goal p95 ≤ 16)
//   review_rss_mib             the window process's resident memory once the evidence is ready
//                              minus before the open: what the open review holds, its analysis
//                              and every page's data included (goal ≤ CLI peak + 20 %)
// Not a test: figures are reported, never asserted. Runs offscreen unless QT_QPA_PLATFORM is set.
#include "analysis/analysisstate.h"
#include "mainwindow.h"
#include "reviewloader.h"
#include "reviewstate.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>
#include <vector>

using namespace gr;

namespace {

double residentMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) return 0;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:")) return line.mid(6).trimmed().split(' ')[0].toDouble() / 1024;
    return 0;
}

struct CliRun
{
    double seconds = 0;
    double peakMiB = 0;
    QString verdict;
};

CliRun runCli(const QString &champion, const QString &candidate)
{
    QProcess cli;
    QElapsedTimer clock;
    clock.start();
    cli.start(QStringLiteral(GR_CLI_PATH), {QStringLiteral("gate"), QStringLiteral("--champion"),
                                            champion, QStringLiteral("--candidate"), candidate});
    cli.waitForFinished(-1);
    CliRun run;
    run.seconds = clock.nsecsElapsed() / 1e9;
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    run.peakMiB = usage.ru_maxrss / 1024.0;
    const QByteArray out = cli.readAllStandardOutput();
    run.verdict = out.contains("NOT_PROMOTED") ? QStringLiteral("NOT_PROMOTED")
                  : out.contains("PROMOTED")   ? QStringLiteral("PROMOTED")
                  : out.contains("INVALID")    ? QStringLiteral("INVALID")
                                               : QStringLiteral("exit %1").arg(cli.exitCode());
    return run;
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QTemporaryDir config; // recent files, window state and autosave stay out of the user's settings
    qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("gatereview-bench"));
    const QStringList args = QApplication::arguments();
    if (args.size() < 3) {
        std::fprintf(stderr, "usage: gatereview_window_bench CHAMPION CANDIDATE [--drags N]\n");
        return 2;
    }
    const QString champion = args[1], candidate = args[2];
    const int d = int(args.indexOf(QStringLiteral("--drags")));
    const int drags = d > 0 && d + 1 < args.size() ? args[d + 1].toInt() : 200;

    const CliRun cli = runCli(champion, candidate);

    ui::MainWindow window;
    window.resize(1600, 1000);
    window.show();
    QApplication::processEvents();
    const double rssBefore = residentMiB();

    // The window connects its own loaded() slot first, so this one runs after the verdict is set.
    bool done = false, failed = false;
    qint64 verdictNs = 0;
    QElapsedTimer clock;
    // Waiting runs a real event loop, as QApplication::exec() does: processEvents(flags, ms) drops
    // WaitForMoreEvents, so a loop around it would spin this thread at a whole core and take CPU
    // from the workers being measured.
    QEventLoop wait;
    QObject::connect(window.loader(), &ui::ReviewLoader::loaded, &window, [&] {
        verdictNs = clock.nsecsElapsed();
        done = true;
        wait.quit();
    });
    QObject::connect(window.loader(), &ui::ReviewLoader::failed, &window, [&](const QString &why) {
        std::fprintf(stderr, "open failed: %s\n", qPrintable(why));
        failed = done = true;
        wait.quit();
    });
    QElapsedTimer sinceTick;
    qint64 worstGapMs = 0, worstGapBeforeVerdictMs = 0, worstGapEndNs = 0;
    QTimer tick;
    tick.setInterval(10);
    QObject::connect(&tick, &QTimer::timeout, &window, [&] {
        const qint64 gap = sinceTick.restart();
        if (gap > worstGapMs) {
            worstGapMs = gap;
            worstGapEndNs = clock.nsecsElapsed();
        }
    });
    clock.start();
    sinceTick.start();
    tick.start();
    window.openPair(champion, candidate);
    if (!done) wait.exec();
    QApplication::processEvents();
    const double openSeconds = clock.nsecsElapsed() / 1e9;
    worstGapBeforeVerdictMs = worstGapMs;
    if (failed) return 1;
    ui::ReviewState *state = window.state();
    ui::AnalysisState *analysis = ui::AnalysisState::of(state);
    const auto evidenceSettled = [&] {
        if (state->evidence().diagnosis || !analysis->isComputing()) wait.quit();
    };
    QObject::connect(state, &ui::ReviewState::evidenceChanged, &wait, evidenceSettled,
                     Qt::QueuedConnection); // after every page's own slot
    QObject::connect(analysis, &ui::AnalysisState::analysisChanged, &wait, evidenceSettled,
                     Qt::QueuedConnection);
    if (!state->evidence().diagnosis && analysis->isComputing()) wait.exec();
    if (!state->evidence().diagnosis) {
        std::fprintf(stderr, "no evidence: %s\n",
                     qPrintable(ui::AnalysisState::of(state)->problem()));
        return 1;
    }
    QApplication::processEvents();
    const double evidenceSeconds = clock.nsecsElapsed() / 1e9;
    tick.stop();
    const double reviewMiB = residentMiB() - rssBefore;

    // The drag happens where a user drags: the threshold page, whose curves replot on each move.
    if (auto *page = window.findChild<QWidget *>(QStringLiteral("thresholdPage")))
        window.pages()->setCurrentWidget(page);
    QApplication::processEvents();
    std::vector<double> update;
    for (int i = 0; i < drags; ++i) {
        const double t = 0.05 + 0.9 * i / std::max(1, drags - 1);
        QElapsedTimer u;
        u.start();
        state->setWhatIfThreshold(i % 2 ? ui::Side::Champion : ui::Side::Candidate, t);
        QApplication::processEvents();
        update.push_back(u.nsecsElapsed() / 1e6);
    }

    QJsonObject out;
    out[QStringLiteral("cli_s")] = cli.seconds;
    out[QStringLiteral("cli_peak_rss_mib")] = cli.peakMiB;
    out[QStringLiteral("cli_verdict")] = cli.verdict;
    out[QStringLiteral("window_open_s")] = openSeconds;
    out[QStringLiteral("window_verdict_s")] = verdictNs / 1e9;
    out[QStringLiteral("window_over_cli")] = openSeconds / cli.seconds;
    out[QStringLiteral("evidence_ready_s")] = evidenceSeconds;
    out[QStringLiteral("worst_event_loop_gap_ms")] = double(worstGapMs);
    out[QStringLiteral("worst_gap_until_verdict_ms")] = double(worstGapBeforeVerdictMs);
    out[QStringLiteral("worst_gap_ended_s")] = worstGapEndNs / 1e9;
    out[QStringLiteral("drag_updates")] = drags;
    out[QStringLiteral("drag_update_ms_p50")] = percentile(update, 0.5);
    out[QStringLiteral("drag_update_ms_p95")] = percentile(update, 0.95);
    out[QStringLiteral("drag_update_ms_max")] = percentile(update, 1.0);
    out[QStringLiteral("review_rss_mib")] = reviewMiB;
    out[QStringLiteral("review_over_cli_peak")] = reviewMiB / cli.peakMiB;
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    window.state()->setModified(false);
    return 0;
}

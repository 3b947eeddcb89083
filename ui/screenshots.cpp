#include "screenshots.h"
#include "mainwindow.h"
#include "reviewloader.h"

#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QTabWidget>
#include <QTimer>

namespace gr::ui {

namespace {
// Plots replot on the next event-loop pass and histograms arrive from a worker: let them settle.
constexpr int kSettleMilliseconds = 800;

void settle()
{
    QEventLoop loop;
    QTimer::singleShot(kSettleMilliseconds, &loop, &QEventLoop::quit);
    loop.exec();
}
} // namespace

void captureScreenshotsAfterLoad(MainWindow *window, const QString &dir, const QString &suffix)
{
    QObject::connect(window->loader(), &ReviewLoader::failed, qApp, [](const QString &message) {
        qCritical("screenshots: %s", qPrintable(message));
        QCoreApplication::exit(1);
    });
    QObject::connect(window->loader(), &ReviewLoader::loaded, window, [window, dir, suffix] {
        QTimer::singleShot(kSettleMilliseconds, window, [window, dir, suffix] {
            QDir().mkpath(dir);
            QTabWidget *pages = window->pages();
            bool ok = true;
            for (int i = 0; i < pages->count(); ++i) {
                pages->setCurrentIndex(i);
                settle();
                const QString name = QStringLiteral("%1-%2%3.png")
                                         .arg(i + 1, 2, 10, QLatin1Char('0'))
                                         .arg(pages->widget(i)->objectName(), suffix);
                ok = window->grab().save(QDir(dir).filePath(name)) && ok;
            }
            QCoreApplication::exit(ok ? 0 : 1);
        });
    });
}

} // namespace gr::ui

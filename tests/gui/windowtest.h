#pragma once
// What the review-window tests share (test_gui, test_reviewlifecycle): the window created and
// shown offscreen, widgets found by objectName, a load waited for until it ends, message boxes
// closed between tests, and a main() whose settings go to a throwaway folder.
#include "testhelpers.h"

#include "mainwindow.h"
#include "reviewloader.h"

#include <memory>
#include <QAbstractButton>
#include <QApplication>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

namespace gr::test {

inline QString casePath(const QString &name, const QString &file)
{
    return dataPath(QStringLiteral("gate-cases/%1/%2").arg(name, file));
}

inline QString referencePolicy()
{
    return dataPath(QStringLiteral("reference/policy.yaml"));
}

class WindowTest : public QObject
{
protected:
    std::unique_ptr<ui::MainWindow> m_window;

    // A new window, shown; `size` empty: the window's own first size.
    void newWindow(const QSize &size = {})
    {
        m_window = std::make_unique<ui::MainWindow>();
        if (size.isValid()) m_window->resize(size);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    // Closes any message box, forgets unsaved work (no quit prompt) and the window.
    void closeWindow()
    {
        for (QWidget *w : QApplication::topLevelWidgets())
            if (qobject_cast<QMessageBox *>(w)) w->close();
        if (m_window) m_window->state()->setModified(false);
        m_window.reset();
    }

    // Brings a page to the front. Hidden plot pages rebuild when shown, not while hidden, so a
    // test reads a page's widgets after showing it, as a user would.
    void showPage(const QString &objectName)
    {
        m_window->pages()->setCurrentWidget(find<QWidget>(objectName));
    }

    template <typename T> T *find(const QString &name) const
    {
        T *w = m_window->findChild<T *>(name);
        if (!w) qWarning("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
        return w;
    }

    // Waits for the load `start` begins: "loaded", "failed", "cancelled" or "timeout".
    template <typename Start> QString load(Start start, int timeoutMs = 60000)
    {
        QSignalSpy loaded(m_window->loader(), &ui::ReviewLoader::loaded);
        QSignalSpy failed(m_window->loader(), &ui::ReviewLoader::failed);
        QSignalSpy cancelled(m_window->loader(), &ui::ReviewLoader::cancelled);
        start();
        QElapsedTimer t;
        t.start();
        while (loaded.isEmpty() && failed.isEmpty() && cancelled.isEmpty() &&
               t.elapsed() < timeoutMs)
            QTest::qWait(10);
        QTest::qWait(0);
        return !loaded.isEmpty()      ? QStringLiteral("loaded")
               : !failed.isEmpty()    ? QStringLiteral("failed")
               : !cancelled.isEmpty() ? QStringLiteral("cancelled")
                                      : QStringLiteral("timeout");
    }

    QString open(const QString &champion, const QString &candidate,
                 const QString &policy = referencePolicy(), int timeoutMs = 60000)
    {
        return load([&] { m_window->openPair(champion, candidate, policy); }, timeoutMs);
    }

    // A pair of tests/data/gate-cases.
    QString openCase(const QString &name, const QString &policy = referencePolicy())
    {
        return open(casePath(name, QStringLiteral("champion.csv")),
                    casePath(name, QStringLiteral("candidate.csv")), policy);
    }
};

// Clicks `button` on the message box named `name` as soon as it shows (it may be modal).
inline void answerMessageBox(const QString &name, QMessageBox::StandardButton button, bool *seen)
{
    auto *timer = new QTimer(qApp);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [=] {
        for (QWidget *w : QApplication::topLevelWidgets()) {
            auto *box = qobject_cast<QMessageBox *>(w);
            if (box && box->objectName() == name && box->isVisible()) {
                *seen = true;
                box->button(button)->click();
                timer->deleteLater();
                return;
            }
        }
    });
    timer->start();
    QTimer::singleShot(10000, timer, &QObject::deleteLater);
}

// Runs `test` with settings (recent files, window state, autosave) in a throwaway folder.
template <typename Test> int runWindowTest(int argc, char *argv[], const char *name)
{
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("gatereview-tests"));
    QApplication::setApplicationName(QString::fromLatin1(name));
    Test test;
    return QTest::qExec(&test, argc, argv);
}

} // namespace gr::test

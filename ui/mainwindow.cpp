#include "mainwindow.h"

#include "demolocator.h"
#include "gate/gateevaluator.h"
#include "io/runloader.h"
#include "model/errors.h"
#include "report/gatereportjson.h"

#include <QDir>
#include <QFontDatabase>
#include <QPlainTextEdit>

namespace gr::ui {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent), m_text(new QPlainTextEdit(this))
{
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setCentralWidget(m_text);
}

void MainWindow::openDemo()
{
    const QDir demo(demoDirectory());
    openPair(demo.filePath(QStringLiteral("champion")), demo.filePath(QStringLiteral("candidate")), demo.filePath(QStringLiteral("policy.yaml")));
}

void MainWindow::openPair(const QString &champion, const QString &candidate, const QString &policy)
{
    try {
        const GatePolicy p = policy.isEmpty() ? GatePolicy::defaults() : loadGatePolicy(policy);
        const GateReport report = evaluateGate(loadRun(champion), loadRun(candidate), p);
        m_text->setPlainText(gateReportToText(report));
    } catch (const InputError &e) {
        m_text->setPlainText(e.message());
    }
}

} // namespace gr::ui

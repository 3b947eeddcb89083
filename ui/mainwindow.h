#pragma once
#include <QMainWindow>

class QPlainTextEdit;

namespace gr::ui {

// Interim shell until the review workspace lands: shows the gate summary text.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    void openDemo();
    void openPair(const QString &champion, const QString &candidate, const QString &policy = {});

private:
    QPlainTextEdit *m_text;
};

} // namespace gr::ui

#pragma once
// The guarded write-back offered after a recorded "Promote candidate" decision: says exactly
// which alias moves from which version to which, in which store, and moves it only when the
// engineer confirms. The write runs on the calling thread: one small request or row.
#include <QDialog>

class QLabel;

namespace gr::ui {

struct AliasMove
{
    QString trackingUri;
    QString model;
    QString alias = QStringLiteral("champion");
    QString fromVersion;   // empty when the alias is not set yet
    QString toVersion;     // the promoted candidate's version
    qint64 decisionId = 0; // the decision log record that allows it
};

class MoveChampionDialog : public QDialog
{
    Q_OBJECT
public:
    explicit MoveChampionDialog(const AliasMove &move, QWidget *parent = nullptr);

    // Moves the alias; returns an empty string on success, else the message to show.
    static QString apply(const AliasMove &move);
    QString error() const { return m_error; }

private:
    void confirm();

    AliasMove m_move;
    QLabel *m_message;
    QString m_error;
};

} // namespace gr::ui

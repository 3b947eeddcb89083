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
    QString logPath;       // the decision log holding it
};

class MoveChampionDialog : public QDialog
{
    Q_OBJECT
public:
    explicit MoveChampionDialog(const AliasMove &move, QWidget *parent = nullptr);

    // The guarded promotion of the core (registryaction.h): re-reads @champion and @candidate,
    // moves the alias, reads it back and records the action. Returns an empty string on
    // success, else the message to show (nothing moved when a guard refused).
    static QString apply(const AliasMove &move, qint64 *actionId = nullptr);
    qint64 actionId() const { return m_actionId; }
    QString error() const { return m_error; }

private:
    void confirm();

    AliasMove m_move;
    QLabel *m_message;
    QString m_error;
    qint64 m_actionId = 0;
};

} // namespace gr::ui

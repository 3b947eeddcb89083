#pragma once
// The File-menu actions that act on a whole review rather than one page: open from MLflow, open
// and save a review session, record the decision, export the decision report, and (after a
// recorded promotion of registry models) move @champion. Kept out of MainWindow so the window
// stays a shell; each action delegates to a dialog or a core function.
#include "model/decision.h"

#include <optional>
#include <QObject>

class QAction;
class QMenu;

namespace gr::ui {

class HistoryPage;
class MainWindow;
class ReviewState;

class ReviewActions : public QObject
{
    Q_OBJECT
public:
    ReviewActions(MainWindow *window, ReviewState *state, HistoryPage *history);
    // Inserts the actions into `menu` before `before` (null: appends).
    void insertOpenActions(QMenu *menu, QAction *before);
    void insertReviewActions(QMenu *menu, QAction *before);

public slots:
    void openFromMlflow();
    void openSession();
    void saveSession();
    void recordDecision();
    void exportReport();
    // Writes the decision report for the open review to `path` (format from the extension).
    // Returns an empty string on success, else the problem.
    QString exportReportTo(const QString &path);

private:
    void offerChampionMove(qint64 decisionId);

    MainWindow *m_window;
    ReviewState *m_state;
    HistoryPage *m_history;
    std::optional<Decision> m_lastDecision; // the decision recorded in this review, for reports
};

} // namespace gr::ui

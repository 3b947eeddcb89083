#pragma once
// The File-menu actions that act on a whole review rather than one page: open from MLflow, open
// and save a review session, record the decision, export the decision report, and (after a
// recorded promotion of registry models) move @champion. Kept out of MainWindow so the window
// stays a shell; each action delegates to a dialog or a core function.
#include "decisionlog/decisionrecord.h"
#include "report/decisionreport.h"
#include "review/reviewrequest.h"

#include <QObject>

class QAction;
class QMenu;

namespace gr::ui {

class HistoryPage;
class OpenMlflowDialog;
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
    // Asks where, then saves; false when the user cancelled or the file could not be written.
    bool saveSession();
    // Writes the open review as a session to `path`; an empty string on success, else the problem.
    QString saveSessionTo(const QString &path);
    void recordDecision();
    void exportReport();
    // Writes the decision report for the open review to `path` (format from the extension).
    // Without a decision recorded in this session it cites the log's current record on the same
    // pair of prediction files, if there is one. With `record`: the report of that past decision
    // (the open review must be the pair and policy it was made on). Returns an empty string on
    // success, else the problem.
    QString exportReportTo(const QString &path, const gr::DecisionRecord *record = nullptr);
    // Asks where, then exports the report of `record` (History ▸ Export report…).
    void exportRecordReport(const gr::DecisionRecord &record);

    // The decision report of the review in `state`: its notes, recorded decision (with its log id
    // and hash) and the what-if thresholds explored. With `record`: that decision's rationale,
    // notes, id, hash and what-if thresholds instead.
    static gr::DecisionReportInput reportInput(const ReviewState &state, const QDateTime &now,
                                               const gr::DecisionRecord *record = nullptr);

    // What the Open-from-MLflow dialog asks to open: both addresses, its policy and artifact.
    static gr::ReviewRequest requestFromDialog(const OpenMlflowDialog &dialog);

private:
    void offerChampionMove(qint64 decisionId);

    MainWindow *m_window;
    ReviewState *m_state;
    HistoryPage *m_history;
};

} // namespace gr::ui

#pragma once
// The decision history: every recorded decision, filtered by model, gate verdict, author and
// date; superseded records shown as such; the selected record in full; "Verify log" walks the
// hash chain and names any tampered record. Record/Correct open RecordDecisionDialog.
#include "decisionlog/decisionrecord.h"

#include <optional>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace gr::ui {

class DecisionLogModel;
class ReviewState;
struct HistoryLogQuery;

class HistoryPage : public QWidget
{
    Q_OBJECT
public:
    explicit HistoryPage(ReviewState *state, QWidget *parent = nullptr);

    // Empty: resolveDecisionLogPath() ($GATEREVIEW_LOG or the per-user log).
    void setLogPath(const QString &path);
    QString logPath() const { return m_logPath; }
    DecisionLogModel *model() const
    {
        return m_model;
    } // in log order; the table shows newest first

public slots:
    void refresh(); // re-reads the log with the current filters
    void verifyLog();

signals:
    void refreshed(); // the table shows the log's answer (a PostgreSQL log answers later)

    // "Export report…" on a selected decision: the report of THAT decision (ReviewActions).
    void exportRecordRequested(const gr::DecisionRecord &record);

private:
    void showQuery(const HistoryLogQuery &query);
    const DecisionRecord *selectedRecord() const; // null when nothing is selected
    void showSelected();
    void openRecordDialog(std::optional<qint64> supersedes);
    void updateButtons();

    ReviewState *m_state;
    QString m_logPath;
    DecisionLogModel *m_model;
    QSortFilterProxyModel *m_sorted;
    QLineEdit *m_modelFilter;
    QComboBox *m_verdictFilter;
    QLineEdit *m_authorFilter;
    QCheckBox *m_sinceEnabled;
    QDateEdit *m_since;
    QCheckBox *m_effectiveOnly;
    QTableView *m_table;
    QPlainTextEdit *m_details;
    QLabel *m_status;
    QProgressBar *m_busy; // shown while a PostgreSQL log answers
    quint64 m_generation = 0;
    QLabel *m_head;   // "Chain head: COUNT:HASH"
    QLabel *m_policy; // the log's own policy (`gatereview log policy` changes it)
    QPushButton *m_verify;
    QPushButton *m_recordButton;
    QPushButton *m_correctButton;
    QPushButton *m_exportButton;
};

} // namespace gr::ui

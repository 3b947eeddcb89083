#include "historypage.h"
#include "decisionlogmodel.h"
#include "model/parallel.h"
#include "recorddecisiondialog.h"
#include "reviewstate.h"

#include "decisionlog/decisionlog.h"
#include "decisionlog/postgresdatabase.h"
#include "model/errors.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QtConcurrent/QtConcurrentRun>
#include <QVBoxLayout>

namespace gr::ui {

HistoryPage::HistoryPage(ReviewState *state, QWidget *parent)
    : QWidget(parent), m_state(state), m_logPath(resolveDecisionLogPath()),
      m_model(new DecisionLogModel(this)), m_sorted(new QSortFilterProxyModel(this))
{
    m_sorted->setSourceModel(m_model);
    m_modelFilter = new QLineEdit(this);
    m_modelFilter->setObjectName(QStringLiteral("historyModelFilter"));
    m_modelFilter->setPlaceholderText(tr("Model or run"));
    m_modelFilter->setClearButtonEnabled(true);
    m_verdictFilter = new QComboBox(this);
    m_verdictFilter->setObjectName(QStringLiteral("historyVerdictFilter"));
    m_verdictFilter->addItem(tr("Any verdict"), QString());
    for (const char *result : {"PROMOTED", "NOT_PROMOTED", "INVALID"})
        m_verdictFilter->addItem(QLatin1String(result), QLatin1String(result));
    m_authorFilter = new QLineEdit(this);
    m_authorFilter->setObjectName(QStringLiteral("historyAuthorFilter"));
    m_authorFilter->setPlaceholderText(tr("Author"));
    m_authorFilter->setClearButtonEnabled(true);
    m_sinceEnabled = new QCheckBox(tr("Since"), this);
    m_sinceEnabled->setObjectName(QStringLiteral("historySinceEnabled"));
    m_since = new QDateEdit(QDate::currentDate().addMonths(-1), this);
    m_since->setObjectName(QStringLiteral("historySinceFilter"));
    m_since->setCalendarPopup(true);
    m_since->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_since->setEnabled(false);
    m_effectiveOnly = new QCheckBox(tr("Hide superseded"), this);
    m_effectiveOnly->setObjectName(QStringLiteral("historyEffectiveOnly"));

    m_table = new QTableView(this);
    m_table->setTabKeyNavigation(false);
    m_table->setObjectName(QStringLiteral("historyTable"));
    m_table->setModel(m_sorted);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(DecisionLogModel::IdColumn, Qt::DescendingOrder); // newest first
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_details = new QPlainTextEdit(this);
    m_details->setObjectName(QStringLiteral("historyDetails"));
    m_details->setReadOnly(true);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont)); // the hashes line up
    m_details->setPlaceholderText(
        tr("Select a decision to see its rationale, notes and evidence."));

    m_busy = new QProgressBar(this);
    m_busy->setObjectName(QStringLiteral("historyBusy"));
    m_busy->setRange(0, 0); // busy: no known end
    m_busy->setMaximumWidth(120);
    m_busy->setTextVisible(false);
    m_busy->hide();
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("historyStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // The chain head, to write down outside the log (`gatereview log verify --expect-head`).
    m_head = new QLabel(this);
    m_head->setObjectName(QStringLiteral("historyChainHead"));
    m_head->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_head->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // Read-only here: changing it is a lead's action (`gatereview log policy`; on PostgreSQL
    // only the schema owner may).
    m_policy = new QLabel(this);
    m_policy->setObjectName(QStringLiteral("historyLogPolicy"));
    m_policy->setTextFormat(Qt::PlainText);
    m_policy->setWordWrap(true);
    m_policy->setToolTip(tr("A lead changes it with `gatereview log policy "
                            "--require-signed-promotions on|off` (on PostgreSQL, as the schema "
                            "owner)."));
    auto *location = new QPushButton(tr("Log location…"), this);
    location->setObjectName(QStringLiteral("historyLogLocationButton"));
    location->setToolTip(tr("A file, or postgresql://USER@HOST:PORT/DBNAME for a team's log "
                            "(the password comes from PGPASSWORD or ~/.pgpass, never from here)."));
    m_verify = new QPushButton(tr("Verify log"), this);
    m_verify->setObjectName(QStringLiteral("verifyLogButton"));
    m_verify->setToolTip(
        tr("Walk the hash chain and name any record that was edited, reordered or deleted."));
    m_recordButton = new QPushButton(tr("Record decision…"), this);
    m_recordButton->setObjectName(QStringLiteral("historyRecordButton"));
    m_correctButton = new QPushButton(tr("Correct selected…"), this);
    m_correctButton->setObjectName(QStringLiteral("historyCorrectButton"));
    m_correctButton->setToolTip(
        tr("Record a new decision that supersedes the selected one; the log is append-only."));
    m_exportButton = new QPushButton(tr("Export report…"), this);
    m_exportButton->setObjectName(QStringLiteral("historyExportButton"));
    m_exportButton->setToolTip(tr("The decision report of the selected decision: its record id "
                                  "and hash, rationale, notes and what-if thresholds."));

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_modelFilter, 2);
    filters->addWidget(m_verdictFilter);
    filters->addWidget(m_authorFilter, 1);
    filters->addWidget(m_sinceEnabled);
    filters->addWidget(m_since);
    filters->addWidget(m_effectiveOnly);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_busy);
    actions->addWidget(m_status, 1);
    actions->addWidget(m_verify);
    actions->addWidget(m_exportButton);
    actions->addWidget(m_correctButton);
    actions->addWidget(m_recordButton);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(split, 1);
    auto *chain = new QHBoxLayout;
    chain->addWidget(m_head);
    chain->addWidget(m_policy, 1);
    layout->addLayout(chain);
    layout->addLayout(actions);
    actions->insertWidget(1, location);
    connect(location, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString chosen =
            QInputDialog::getText(this, tr("Decision log"), tr("Log file or PostgreSQL URL:"),
                                  QLineEdit::Normal, m_logPath, &ok)
                .trimmed();
        if (!ok) return;
        // A URL that carries a password is refused before it reaches the settings file: the
        // password belongs in PGPASSWORD or ~/.pgpass, never in what Gate Review stores.
        if (isPostgresLocation(chosen)) {
            try {
                parsePostgresLocation(chosen);
            } catch (const InputError &e) {
                m_status->setText(e.message());
                return;
            }
        }
        QSettings().setValue(QLatin1String(kDecisionLogSettingKey), chosen);
        setLogPath(chosen);
    });

    connect(m_modelFilter, &QLineEdit::textChanged, this, &HistoryPage::refresh);
    connect(m_authorFilter, &QLineEdit::textChanged, this, &HistoryPage::refresh);
    connect(m_verdictFilter, &QComboBox::currentIndexChanged, this, &HistoryPage::refresh);
    connect(m_since, &QDateEdit::dateChanged, this, &HistoryPage::refresh);
    connect(m_sinceEnabled, &QCheckBox::toggled, m_since, &QWidget::setEnabled);
    connect(m_sinceEnabled, &QCheckBox::toggled, this, &HistoryPage::refresh);
    connect(m_effectiveOnly, &QCheckBox::toggled, this, &HistoryPage::refresh);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &HistoryPage::showSelected);
    connect(m_verify, &QPushButton::clicked, this, &HistoryPage::verifyLog);
    connect(m_recordButton, &QPushButton::clicked, this,
            [this] { openRecordDialog(std::nullopt); });
    connect(m_correctButton, &QPushButton::clicked, this, [this] {
        if (const DecisionRecord *r = selectedRecord()) openRecordDialog(r->id);
    });
    connect(m_exportButton, &QPushButton::clicked, this, [this] {
        if (const DecisionRecord *r = selectedRecord()) emit exportRecordRequested(*r);
    });
    connect(m_state, &ReviewState::reportChanged, this, &HistoryPage::updateButtons);
    refresh();
}

void HistoryPage::setLogPath(const QString &path)
{
    m_logPath = resolveDecisionLogPath(path);
    refresh();
}

// One read of the log for the table: the records the filter keeps, the count and the chain head,
// or the message of why it could not be read. Opened per query, never held (see refresh()).
struct HistoryLogQuery
{
    QList<DecisionRecord> records;
    qint64 count = 0;
    QString head;
    LogPolicy policy;
    QString error;
    bool missing = false;
};

namespace {

HistoryLogQuery queryLog(const QString &location, const DecisionFilter &filter)
{
    HistoryLogQuery q;
    if (!location.startsWith(QLatin1String("postgres")) && !QFileInfo::exists(location)) {
        q.missing = true;
        return q;
    }
    try {
        const DecisionLog log(location, DecisionLog::OpenMode::ReadOnly);
        q.records = log.records(filter);
        q.count = log.count();
        q.head = log.head().toString();
        q.policy = log.policy();
    } catch (const InputError &e) {
        q.error = e.message();
    }
    return q;
}

} // namespace

void HistoryPage::refresh()
{
    DecisionFilter filter;
    filter.model = m_modelFilter->text().trimmed();
    filter.gateResult = m_verdictFilter->currentData().toString();
    filter.author = m_authorFilter->text().trimmed();
    if (m_sinceEnabled->isChecked())
        filter.since = QDateTime(m_since->date(), QTime(0, 0), Qt::UTC);
    filter.effectiveOnly = m_effectiveOnly->isChecked();
    // The log is opened per query, not held: the record dialog and `gatereview log record` in a
    // terminal write to the same file, and WAL lets each reader see their commits.
    const quint64 generation = ++m_generation; // a newer query makes older answers stale
    if (!m_logPath.startsWith(QLatin1String("postgres"))) {
        showQuery(queryLog(m_logPath, filter)); // a local file answers at once
        return;
    }
    // A team's PostgreSQL server may be slow or unreachable: ask it off the UI thread.
    m_busy->show();
    m_status->setText(tr("Reading the decision log from %1…").arg(m_logPath));
    auto *watcher = new QFutureWatcher<HistoryLogQuery>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation) return;
        showQuery(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(workerPool(), queryLog, m_logPath, filter));
}

void HistoryPage::showQuery(const HistoryLogQuery &q)
{
    m_busy->hide();
    m_head->clear();
    m_policy->clear();
    m_model->setRecords(q.records);
    if (q.missing) {
        m_status->setText(tr("No decisions recorded yet in %1.").arg(m_logPath));
    } else if (!q.error.isEmpty()) {
        m_status->setText(q.error);
    } else {
        m_head->setText(tr("Chain head: %1").arg(q.head));
        const QString policy = q.policy.describe();
        m_policy->setText(tr("Policy: %1.").arg(policy.left(1).toUpper() + policy.mid(1)));
        m_status->setText(tr("%1 of %2 decisions shown, from %3.")
                              .arg(m_model->rowCount())
                              .arg(q.count)
                              .arg(m_logPath));
    }
    m_table->resizeColumnsToContents();
    showSelected();
    updateButtons();
    emit refreshed();
}

void HistoryPage::verifyLog()
{
    try {
        const DecisionLog log(m_logPath, DecisionLog::OpenMode::ReadOnly);
        const VerifyResult result = log.verify();
        if (result.intact()) {
            m_status->setText(
                tr("Log verified: %1 records, hash chain intact%2.")
                    .arg(result.recordsChecked)
                    .arg(result.policy.requireSignedPromotions
                             ? tr("; every promote decision is signed, as this log requires")
                             : QString()));
            return;
        }
        QStringList lines{result.onlyPolicyProblems()
                              ? tr("The log breaks its policy (%1):").arg(result.policy.describe())
                              : tr("The log has been tampered with:")};
        for (const VerifyProblem &p : result.problems)
            lines << (p.recordId > 0 ? tr("record %1: %2").arg(p.recordId).arg(p.problem)
                                     : p.problem);
        m_status->setText(lines.join(QLatin1Char('\n')));
    } catch (const InputError &e) {
        m_status->setText(e.message());
    }
}

const DecisionRecord *HistoryPage::selectedRecord() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : &m_model->recordAt(m_sorted->mapToSource(rows.first()).row());
}

void HistoryPage::showSelected()
{
    const DecisionRecord *r = selectedRecord();
    m_details->setPlainText(r ? decisionRecordToText(*r) : QString());
    updateButtons();
}

void HistoryPage::updateButtons()
{
    const bool canRecord = m_state->hasReport();
    const QString why =
        tr("Run the gate first: a decision is recorded with the report it was made on.");
    m_recordButton->setEnabled(canRecord);
    m_recordButton->setToolTip(canRecord ? tr("Record a decision on the current gate report.")
                                         : why);
    // Only the newest decision in a correction chain can be corrected; it carries its own report.
    const DecisionRecord *r = selectedRecord();
    m_correctButton->setEnabled(r && r->isEffective());
    m_exportButton->setEnabled(r && !r->isRegistryAction());
}

void HistoryPage::openRecordDialog(std::optional<qint64> supersedes)
{
    RecordDecisionDialog dialog(m_state, m_logPath, this);
    dialog.setSupersedes(supersedes);
    if (supersedes)
        for (const DecisionRecord &r : m_model->records())
            if (r.id == *supersedes)
                dialog.setGateReport(r.decision.gateReport); // a correction keeps its evidence
    if (dialog.exec() == QDialog::Accepted) refresh();
}

} // namespace gr::ui

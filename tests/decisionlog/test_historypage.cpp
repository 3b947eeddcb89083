// The history page, its model and the record-decision dialog, offscreen: filters, superseded
// records, "Verify log" naming a tampered record, Promote only when the gate passed, and a
// decision written through the log with the review's notes.
#include "decisionlogtesting.h"

#include "decisionlog/decisiondraft.h"
#include "decisionlog/decisionlogschema.h"
#include "decisionlog/postgresdatabase.h"
#include "decisionlog/recordsigning.h"

#include "decision/decisionlogmodel.h"
#include "decision/historypage.h"
#include "decision/recorddecisiondialog.h"
#include "reviewstate.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QElapsedTimer>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTableView>
#include <QTcpServer>
#include <QTimer>
#include <QtTest>

using namespace gr;
using namespace gr::test;
using gr::ui::DecisionLogModel;
using gr::ui::HistoryPage;
using gr::ui::RecordDecisionDialog;
using gr::ui::ReviewState;

class TestHistoryPage : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    LogLocations m_locations{QStringLiteral("history")};
    int m_logs = 0;

    // alice: champion_stays; bob: fix_data_pipeline superseding 1; carol: promote (PROMOTED).
    QString threeRecordLog()
    {
        const QString path = m_dir.filePath(QStringLiteral("history%1.sqlite").arg(++m_logs));
        DecisionLog log(path, DecisionLog::OpenMode::CreateIfMissing, steppingClock());
        const QJsonObject notPromoted = gateReportFor(QStringLiteral("NOT_PROMOTED"));
        log.append(makeDecision(DecisionKind::ChampionStays, notPromoted, QStringLiteral("worse"),
                                QStringLiteral("alice")));
        log.append(makeDecision(DecisionKind::FixDataPipeline, notPromoted,
                                QStringLiteral("stale labels"), QStringLiteral("bob")),
                   1);
        log.append(makeDecision(DecisionKind::PromoteCandidate,
                                gateReportFor(QStringLiteral("PROMOTED")), QStringLiteral("passed"),
                                QStringLiteral("carol")));
        return path;
    }

    static void setReport(ReviewState &state, const QString &gateResult)
    {
        state.setReport(gateReportObject(gateResult), {});
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true); // drafts and settings stay out of the user's
        qunsetenv("GATEREVIEW_LOG");
        QSettings().remove(QStringLiteral("decision/author")); // start from the login
    }

    void showsTheChainHead()
    {
        const QString path = threeRecordLog();
        ReviewState state;
        HistoryPage page(&state);
        page.setLogPath(path);
        QCOMPARE(page.findChild<QLabel *>(QStringLiteral("historyChainHead"))->text(),
                 QStringLiteral("Chain head: 3:") + DecisionLog(path).record(3)->hash);
    }

    // The log cannot take the decision: it is kept as a draft, offered again by the next dialog
    // on the same report, and removed once recorded.
    void unrecordedDecisionIsKeptAsADraft()
    {
        ReviewState state;
        setReport(state, QStringLiteral("NOT_PROMOTED"));
        const QString drafts = m_dir.filePath(QStringLiteral("drafts"));
        {
            RecordDecisionDialog dialog(&state,
                                        QStringLiteral("postgresql://alice@127.0.0.1:1/team"));
            dialog.setDraftFolder(drafts);
            dialog.findChild<QLineEdit *>(QStringLiteral("decisionAuthor"))
                ->setText(QStringLiteral("alice"));
            dialog.findChild<QPlainTextEdit *>(QStringLiteral("decisionRationale"))
                ->setPlainText(QStringLiteral("written while the server was down"));
            QTest::mouseClick(
                dialog.findChild<QPushButton *>(QStringLiteral("recordDecisionButton")),
                Qt::LeftButton);
            QVERIFY(!dialog.recorded());
            const QString problem =
                dialog.findChild<QLabel *>(QStringLiteral("decisionProblem"))->text();
            QVERIFY2(problem.contains(QLatin1String("cannot reach the PostgreSQL server")) &&
                         problem.contains(QLatin1String("kept as a draft")),
                     qPrintable(problem));
        }
        QCOMPARE(DecisionDraftStore(drafts).drafts().size(), 1);
        const QString path = m_dir.filePath(QStringLiteral("draft-target.sqlite"));
        RecordDecisionDialog again(&state, path);
        again.setDraftFolder(drafts);
        QCOMPARE(
            again.findChild<QPlainTextEdit *>(QStringLiteral("decisionRationale"))->toPlainText(),
            QStringLiteral("written while the server was down"));
        QVERIFY(again.findChild<QLabel *>(QStringLiteral("decisionProblem"))
                    ->text()
                    .startsWith(QLatin1String("Restored your unrecorded draft")));
        QTest::mouseClick(again.findChild<QPushButton *>(QStringLiteral("recordDecisionButton")),
                          Qt::LeftButton);
        QVERIFY(again.recorded());
        QCOMPARE(DecisionLog(path).record(1)->decision.author, QStringLiteral("alice"));
        QCOMPARE(DecisionLog(path).record(1)->decision.rationale,
                 QStringLiteral("written while the server was down"));
        QVERIFY(DecisionDraftStore(drafts).drafts().isEmpty());
    }

    void modelPassesTheTester()
    {
        DecisionLogModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRecords(DecisionLog(threeRecordLog()).records());
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(DecisionLogModel::ColumnCount));
        QCOMPARE(model.index(0, DecisionLogModel::StatusColumn).data().toString(),
                 QStringLiteral("Superseded by #2"));
        QCOMPARE(model.index(0, 0).data(DecisionLogModel::EffectiveRole).toBool(), false);
        QVERIFY(model.index(0, 0).data(Qt::FontRole).value<QFont>().italic());
        // Record 3 decides the same pair again (same prediction files): 2 is no longer in force.
        QCOMPARE(model.index(1, DecisionLogModel::StatusColumn).data().toString(),
                 QStringLiteral("Replaced by #3 (same pair)"));
        QCOMPARE(model.index(1, 0).data(DecisionLogModel::EffectiveRole).toBool(), false);
        QCOMPARE(model.index(2, DecisionLogModel::StatusColumn).data().toString(),
                 QStringLiteral("Effective"));
        QCOMPARE(model.index(2, DecisionLogModel::AuthorColumn).data().toString(),
                 QStringLiteral("carol"));
        QCOMPARE(model.index(2, DecisionLogModel::GateResultColumn).data().toString(),
                 QStringLiteral("PROMOTED"));
        QCOMPARE(model.index(2, DecisionLogModel::DecisionColumn).data().toString(),
                 QStringLiteral("Promote candidate"));
        QCOMPARE(model.index(1, DecisionLogModel::DecidedAtColumn).data().toString(),
                 QStringLiteral("2026-11-26 10:01 UTC"));
        model.setRecords({});
        QCOMPARE(model.rowCount(), 0);
    }

    void filtersAndSupersededRecords()
    {
        ReviewState state;
        HistoryPage page(&state);
        page.setLogPath(threeRecordLog());
        page.show();
        auto *table = page.findChild<QTableView *>(QStringLiteral("historyTable"));
        QVERIFY(table);
        QCOMPARE(table->model()->rowCount(), 3);

        page.findChild<QLineEdit *>(QStringLiteral("historyAuthorFilter"))
            ->setText(QStringLiteral("Bob"));
        QCOMPARE(table->model()->rowCount(), 1);
        page.findChild<QLineEdit *>(QStringLiteral("historyAuthorFilter"))->clear();

        auto *verdict = page.findChild<QComboBox *>(QStringLiteral("historyVerdictFilter"));
        verdict->setCurrentIndex(verdict->findData(QStringLiteral("PROMOTED")));
        QCOMPARE(table->model()->rowCount(), 1);
        QCOMPARE(page.model()->recordAt(0).decision.author, QStringLiteral("carol"));
        verdict->setCurrentIndex(0);

        page.findChild<QLineEdit *>(QStringLiteral("historyModelFilter"))
            ->setText(QStringLiteral("no-such-model"));
        QCOMPARE(table->model()->rowCount(), 0);
        page.findChild<QLineEdit *>(QStringLiteral("historyModelFilter"))->clear();

        page.findChild<QDateEdit *>(QStringLiteral("historySinceFilter"))
            ->setDate(QDate(2026, 11, 27));
        page.findChild<QCheckBox *>(QStringLiteral("historySinceEnabled"))->setChecked(true);
        QCOMPARE(table->model()->rowCount(), 0);
        page.findChild<QDateEdit *>(QStringLiteral("historySinceFilter"))
            ->setDate(QDate(2026, 11, 26));
        QCOMPARE(table->model()->rowCount(), 3);
        page.findChild<QCheckBox *>(QStringLiteral("historySinceEnabled"))->setChecked(false);

        page.findChild<QCheckBox *>(QStringLiteral("historyEffectiveOnly"))->setChecked(true);
        QCOMPARE(table->model()->rowCount(), 1); // one pair, one decision in force
        page.findChild<QCheckBox *>(QStringLiteral("historyEffectiveOnly"))->setChecked(false);

        // Selecting a record shows it in full; a superseded record cannot be corrected again.
        QCOMPARE(table->model()->index(0, DecisionLogModel::IdColumn).data().toLongLong(),
                 qint64(3)); // newest first
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("historyStatus"))
                    ->text()
                    .startsWith(QLatin1String("3 of 3 decisions shown")));
        table->selectRow(2);
        QVERIFY(page.findChild<QPlainTextEdit *>(QStringLiteral("historyDetails"))
                    ->toPlainText()
                    .startsWith(QLatin1String("Record 1 (superseded by 2)")));
        QVERIFY(
            !page.findChild<QPushButton *>(QStringLiteral("historyCorrectButton"))->isEnabled());
        table->selectRow(1);
        QVERIFY(page.findChild<QPushButton *>(QStringLiteral("historyCorrectButton"))->isEnabled());
        QVERIFY(!page.findChild<QPushButton *>(QStringLiteral("historyRecordButton"))
                     ->isEnabled()); // no report yet
    }

    // Item 17: recording twice on one pair never leaves two "Effective" rows; the log names the
    // pair's current record (what a report of the pair cites).
    void onePairHasOneEffectiveDecision()
    {
        const QString path = m_dir.filePath(QStringLiteral("one-pair.sqlite"));
        DecisionLog log(path, DecisionLog::OpenMode::CreateIfMissing, steppingClock());
        const QJsonObject report = gateReportFor(QStringLiteral("NOT_PROMOTED"));
        log.append(makeDecision(DecisionKind::ChampionStays, report, QStringLiteral("first look"),
                                QStringLiteral("alice")));
        log.append(makeDecision(DecisionKind::FixDataPipeline, report,
                                QStringLiteral("second look"), QStringLiteral("bob")));
        DecisionLogModel model;
        model.setRecords(log.records());
        int effective = 0;
        for (int row = 0; row < model.rowCount(); ++row) {
            const QString status =
                model.index(row, DecisionLogModel::StatusColumn).data().toString();
            effective += status.startsWith(QLatin1String("Effective"));
        }
        QCOMPARE(effective, 1);
        QCOMPARE(model.index(0, DecisionLogModel::StatusColumn).data().toString(),
                 QStringLiteral("Replaced by #2 (same pair)"));
        QCOMPARE(recordStatus(*log.record(1)), QStringLiteral("replaced by 2 (same pair)"));
        DecisionFilter inForce;
        inForce.effectiveOnly = true;
        QCOMPARE(log.records(inForce).size(), 1);
        const GateReportFacts facts = gateReportFacts(report, QStringLiteral("report"));
        const auto current =
            log.currentRecordForPair(facts.championInputSha256, facts.candidateInputSha256);
        QVERIFY(current);
        QCOMPARE(current->id, qint64(2));
        QVERIFY(!log.currentRecordForPair(facts.candidateInputSha256, facts.championInputSha256));
    }

    // A team's PostgreSQL log is read off the UI thread with a busy indicator: a server that
    // accepts and never answers does not freeze the window.
    void postgresLogIsReadOffTheUiThread()
    {
        QTcpServer silent; // completes the TCP handshake, then says nothing
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        ReviewState state;
        HistoryPage page(&state);
        page.show();
        QSignalSpy refreshed(&page, &HistoryPage::refreshed);
        auto *busy = page.findChild<QProgressBar *>(QStringLiteral("historyBusy"));
        QVERIFY(busy);
        QElapsedTimer t;
        t.start();
        page.setLogPath(QStringLiteral("postgresql://alice@127.0.0.1:%1/team?connect_timeout=2")
                            .arg(silent.serverPort()));
        QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
        QVERIFY(busy->isVisible());
        QVERIFY(refreshed.isEmpty());
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("historyStatus"))
                    ->text()
                    .startsWith(QLatin1String("Reading the decision log")));
        QVERIFY(refreshed.wait(20000));
        QVERIFY(!busy->isVisible());
        QCOMPARE(page.model()->rowCount(), 0);
        const QString status = page.findChild<QLabel *>(QStringLiteral("historyStatus"))->text();
        QVERIFY2(status.contains(QStringLiteral("127.0.0.1")), qPrintable(status));
    }

    void verifyButtonNamesTheTamperedRecord()
    {
        ReviewState state;
        HistoryPage page(&state);
        const QString path = threeRecordLog();
        page.setLogPath(path);
        auto *status = page.findChild<QLabel *>(QStringLiteral("historyStatus"));
        QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("verifyLogButton")),
                          Qt::LeftButton);
        QVERIFY2(status->text().contains(QLatin1String("3 records, hash chain intact")),
                 qPrintable(status->text()));
        if (!haveSqlite3())
            QSKIP("the sqlite3 command-line tool is not installed (.ci installs it)");
        QString error;
        QVERIFY2(
            sqlite3(path,
                    dropGuards() +
                        QStringLiteral("UPDATE decisions SET author = 'mallory' WHERE id = 2;"),
                    &error) == 0,
            qPrintable(error));
        QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("verifyLogButton")),
                          Qt::LeftButton);
        QVERIFY2(status->text().contains(QLatin1String("tampered")) &&
                     status->text().contains(QLatin1String("record 2:")),
                 qPrintable(status->text()));
    }

    void recordButtonWritesAndRefreshes()
    {
        qputenv("USER", "erin");
        QSettings().remove(QStringLiteral("decision/author"));
        ReviewState state;
        HistoryPage page(&state);
        page.setLogPath(m_dir.filePath(QStringLiteral("page-record.sqlite")));
        auto *record = page.findChild<QPushButton *>(QStringLiteral("historyRecordButton"));
        QVERIFY(!record->isEnabled());
        setReport(state, QStringLiteral("PROMOTED"));
        QVERIFY(record->isEnabled());
        bool filled = false;
        QTimer::singleShot(0, &page, [&page, &filled] {
            auto *dialog = page.findChild<RecordDecisionDialog *>();
            if (!dialog) return;
            dialog->findChild<QPlainTextEdit *>(QStringLiteral("decisionRationale"))
                ->setPlainText(QStringLiteral("gate passed, CI clear"));
            QTest::mouseClick(
                dialog->findChild<QPushButton *>(QStringLiteral("recordDecisionButton")),
                Qt::LeftButton);
            filled = true;
        });
        QTest::mouseClick(record, Qt::LeftButton); // runs the modal dialog until the timer records
        QVERIFY(filled);
        QCOMPARE(page.model()->rowCount(), 1);
        QVERIFY(page.model()->recordAt(0).decision.kind == DecisionKind::PromoteCandidate);
        QCOMPARE(page.model()->recordAt(0).decision.author, QStringLiteral("erin"));
    }

    // Item 17: the author of the last recorded decision is remembered (QSettings) and prefilled,
    // across dialogs and sessions; the login is only the first default.
    void authorIsRememberedBetweenSessions()
    {
        qputenv("USER", "erin");
        QSettings().remove(QStringLiteral("decision/author"));
        ReviewState state;
        setReport(state, QStringLiteral("NOT_PROMOTED"));
        const QString path = m_dir.filePath(QStringLiteral("author.sqlite"));
        {
            RecordDecisionDialog dialog(&state, path);
            auto *author = dialog.findChild<QLineEdit *>(QStringLiteral("decisionAuthor"));
            QCOMPARE(author->text(), QStringLiteral("erin"));
            author->setText(QStringLiteral("Frank Li"));
            dialog.findChild<QPlainTextEdit *>(QStringLiteral("decisionRationale"))
                ->setPlainText(QStringLiteral("champion is better"));
            QTest::mouseClick(
                dialog.findChild<QPushButton *>(QStringLiteral("recordDecisionButton")),
                Qt::LeftButton);
            QVERIFY(dialog.recorded());
        }
        QSettings().sync();
        QCOMPARE(QSettings().value(QStringLiteral("decision/author")).toString(),
                 QStringLiteral("Frank Li"));
        RecordDecisionDialog next(&state, path);
        QCOMPARE(next.findChild<QLineEdit *>(QStringLiteral("decisionAuthor"))->text(),
                 QStringLiteral("Frank Li"));
        QSettings().remove(QStringLiteral("decision/author"));
    }

    void missingAndBadLogs()
    {
        ReviewState state;
        HistoryPage page(&state);
        page.setLogPath(m_dir.filePath(QStringLiteral("never-written.sqlite")));
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("historyStatus"))
                    ->text()
                    .startsWith(QLatin1String("No decisions recorded yet")));
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("never-written.sqlite"))));
        const QString junk = writeFile(m_dir, QStringLiteral("junk.sqlite"), QByteArray(1024, 'j'));
        page.setLogPath(junk);
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("historyStatus"))
                    ->text()
                    .startsWith(junk + QStringLiteral(": not a SQLite database")));
        QCOMPARE(page.model()->rowCount(), 0);
    }

    void promoteOnlyWhenTheGatePassed()
    {
        ReviewState state;
        setReport(state, QStringLiteral("NOT_PROMOTED"));
        RecordDecisionDialog dialog(&state, m_dir.filePath(QStringLiteral("dialog-np.sqlite")));
        auto *kind = dialog.findChild<QComboBox *>(QStringLiteral("decisionKind"));
        auto *items = qobject_cast<QStandardItemModel *>(kind->model());
        QVERIFY(!items->item(kind->findData(QStringLiteral("promote_candidate")))->isEnabled());
        QCOMPARE(kind->currentData().toString(), QStringLiteral("champion_stays"));
        QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("decisionVerdict"))->text(),
                 QStringLiteral("NOT_PROMOTED"));

        ReviewState passed;
        setReport(passed, QStringLiteral("PROMOTED"));
        RecordDecisionDialog promote(&passed, m_dir.filePath(QStringLiteral("dialog-p.sqlite")));
        kind = promote.findChild<QComboBox *>(QStringLiteral("decisionKind"));
        items = qobject_cast<QStandardItemModel *>(kind->model());
        QVERIFY(items->item(kind->findData(QStringLiteral("promote_candidate")))->isEnabled());
        QCOMPARE(kind->currentData().toString(), QStringLiteral("promote_candidate"));
    }

    void recordsThroughTheLog()
    {
        qputenv("USER", "dana");
        ReviewState state;
        setReport(state, QStringLiteral("NOT_PROMOTED"));
        state.setNotes(StepComparison, QStringLiteral("<script>alert(1)</script> | *md*"));
        const QString path = m_dir.filePath(QStringLiteral("dialog-record.sqlite"));
        RecordDecisionDialog dialog(&state, path);
        dialog.setClock(steppingClock());
        QSignalSpy recorded(&dialog, &RecordDecisionDialog::decisionRecorded);
        auto *record = dialog.findChild<QPushButton *>(QStringLiteral("recordDecisionButton"));
        QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("decisionAuthor"))->text(),
                 QStringLiteral("dana"));
        QVERIFY(!record->isEnabled()); // no rationale yet
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("decisionProblem"))
                    ->text()
                    .contains(QLatin1String("rationale is required")));

        auto *kind = dialog.findChild<QComboBox *>(QStringLiteral("decisionKind"));
        kind->setCurrentIndex(kind->findData(QStringLiteral("fast_track_review")));
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("decisionHint"))
                    ->text()
                    .contains(QLatin1String("every check has still run")));
        dialog.findChild<QPlainTextEdit *>(QStringLiteral("decisionRationale"))
            ->setPlainText(QStringLiteral("revenue incident INC-7"));
        QVERIFY(record->isEnabled());
        dialog.findChild<QLineEdit *>(QStringLiteral("decisionAuthor"))
            ->setText(QStringLiteral("  "));
        QVERIFY(!record->isEnabled());
        dialog.findChild<QLineEdit *>(QStringLiteral("decisionAuthor"))
            ->setText(QStringLiteral("dana (on call)"));
        QTest::mouseClick(record, Qt::LeftButton);

        QCOMPARE(recorded.count(), 1);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const DecisionRecord r = *DecisionLog(path).record(1);
        QVERIFY(r.decision.kind == DecisionKind::FastTrackReview);
        QCOMPARE(r.decision.author, QStringLiteral("dana (on call)"));
        QCOMPARE(r.decision.rationale, QStringLiteral("revenue incident INC-7"));
        QCOMPARE(r.facts.gateResult, QStringLiteral("NOT_PROMOTED")); // the gate was not skipped
        QCOMPARE(r.decision.notes.value(StepComparison),
                 QStringLiteral("<script>alert(1)</script> | *md*"));
        QCOMPARE(r.decision.gateReport, gateReportFor(QStringLiteral("NOT_PROMOTED")));

        // A correction keeps the evidence of the record it corrects, even with no review open.
        ReviewState empty;
        RecordDecisionDialog correction(&empty, path);
        correction.setSupersedes(1);
        correction.setGateReport(r.decision.gateReport);
        correction.findChild<QPlainTextEdit *>(QStringLiteral("decisionRationale"))
            ->setPlainText(QStringLiteral("incident was a false alarm"));
        QTest::mouseClick(
            correction.findChild<QPushButton *>(QStringLiteral("recordDecisionButton")),
            Qt::LeftButton);
        QVERIFY(correction.recorded());
        QCOMPARE(correction.recorded()->supersedes, std::optional<qint64>(1));
        QCOMPARE(DecisionLog(path).record(1)->supersededBy, std::optional<qint64>(2));
    }

    // The dialog signs with the user's key when there is one and says so; a key file others may
    // read is not silently skipped: recording is refused until it is fixed.
    void signsWithTheUsersKey()
    {
        ReviewState state;
        setReport(state, QStringLiteral("PROMOTED"));
        const QString keyPath = m_dir.filePath(QStringLiteral("keys/signing-key.pem"));
        const SigningKey key = SigningKey::generate();
        key.save(keyPath);
        const QString path = m_dir.filePath(QStringLiteral("signed.sqlite"));
        {
            RecordDecisionDialog dialog(&state, path);
            dialog.setDraftFolder(m_dir.filePath(QStringLiteral("drafts-signed")));
            dialog.setSigningKeyPath(m_dir.filePath(QStringLiteral("keys/none.pem")));
            QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("decisionSigning"))
                        ->text()
                        .startsWith(QLatin1String("Unsigned: there is no signing key")));
            dialog.setSigningKeyPath(keyPath);
            const QString signing =
                dialog.findChild<QLabel *>(QStringLiteral("decisionSigning"))->text();
            QVERIFY2(signing.contains(keyFingerprint(key.publicKey())), qPrintable(signing));
            dialog.findChild<QLineEdit *>(QStringLiteral("decisionAuthor"))
                ->setText(QStringLiteral("alice"));
            dialog.findChild<QPlainTextEdit *>(QStringLiteral("decisionRationale"))
                ->setPlainText(QStringLiteral("signed in the window"));
            QTest::mouseClick(
                dialog.findChild<QPushButton *>(QStringLiteral("recordDecisionButton")),
                Qt::LeftButton);
            QVERIFY(dialog.recorded());
        }
        const DecisionLog log(path);
        QCOMPARE(log.record(1)->signerKey, key.publicKey());
        const AllowedSigners signers = AllowedSigners::parse(
            QStringLiteral("alice %1\n").arg(key.publicKey()), QStringLiteral("signers"));
        VerifyOptions options;
        options.allowedSigners = &signers;
        options.requireSignedPromotions = true;
        const VerifyResult verified = log.verify(options);
        QVERIFY(verified.intact());
        QCOMPARE(verified.signatures.value(0).second,
                 QStringLiteral("signed by alice (key %1)").arg(keyFingerprint(key.publicKey())));

        QFile::setPermissions(keyPath, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                           QFileDevice::ReadOther);
        RecordDecisionDialog open(&state, path);
        open.setSigningKeyPath(keyPath);
        open.findChild<QPlainTextEdit *>(QStringLiteral("decisionRationale"))
            ->setPlainText(QStringLiteral("why"));
        QVERIFY(
            !open.findChild<QPushButton *>(QStringLiteral("recordDecisionButton"))->isEnabled());
        const QString problem = open.findChild<QLabel *>(QStringLiteral("decisionProblem"))->text();
        QVERIFY2(problem.contains(QLatin1String("signing key cannot be used")) &&
                     problem.contains(QLatin1String("too open")),
                 qPrintable(problem));
    }

    // A log whose own policy requires signed promote decisions: the History page shows it beside
    // the chain head and "Verify log" reports the unsigned promotion recorded before it was
    // turned on; the Record dialog says so and, without a usable key, disables Record for a
    // promote decision (with the reason) but not for another decision; with a key it records
    // signed; and a policy turned on while a dialog was open still refuses (kept as a draft).
    void signingPolicyInTheWindow()
    {
        const QString path = threeRecordLog(); // record 3: carol's unsigned promotion
        const QString none = m_dir.filePath(QStringLiteral("keys/absent.pem"));
        ReviewState state;
        setReport(state, QStringLiteral("PROMOTED"));
        RecordDecisionDialog openedBefore(&state, path);
        openedBefore.setSigningKeyPath(none);
        openedBefore.setDraftFolder(m_dir.filePath(QStringLiteral("drafts-policy")));
        QVERIFY(DecisionLog(path).setRequireSignedPromotions(true, QStringLiteral("lead")));

        HistoryPage page(&state);
        page.setLogPath(path);
        const QString shown = page.findChild<QLabel *>(QStringLiteral("historyLogPolicy"))->text();
        QVERIFY2(shown.startsWith(QLatin1String("Policy: This log requires signed promote "
                                                "decisions (since ")) &&
                     shown.contains(QLatin1String("set by lead")),
                 qPrintable(shown));
        QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("verifyLogButton")),
                          Qt::LeftButton);
        const QString verified = page.findChild<QLabel *>(QStringLiteral("historyStatus"))->text();
        QVERIFY2(verified.startsWith(QLatin1String("The log breaks its policy")) &&
                     verified.contains(QLatin1String("record 3: record 3 (promote_candidate) is "
                                                     "unsigned")),
                 qPrintable(verified));

        RecordDecisionDialog dialog(&state, path);
        dialog.setSigningKeyPath(none);
        dialog.setDraftFolder(m_dir.filePath(QStringLiteral("drafts-policy")));
        QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("decisionLogPolicy"))->text(),
                 QStringLiteral("This log requires signed promote decisions: Promote candidate "
                                "and Fast-track review are recorded only with your signing key."));
        auto *kind = dialog.findChild<QComboBox *>(QStringLiteral("decisionKind"));
        auto *recordButton =
            dialog.findChild<QPushButton *>(QStringLiteral("recordDecisionButton"));
        auto *problem = dialog.findChild<QLabel *>(QStringLiteral("decisionProblem"));
        dialog.findChild<QLineEdit *>(QStringLiteral("decisionAuthor"))
            ->setText(QStringLiteral("alice"));
        dialog.findChild<QPlainTextEdit *>(QStringLiteral("decisionRationale"))
            ->setPlainText(QStringLiteral("wins on net benefit"));
        QCOMPARE(kind->currentData().toString(), QStringLiteral("promote_candidate"));
        QVERIFY(!recordButton->isEnabled());
        QCOMPARE(problem->text(),
                 QStringLiteral("A promote_candidate decision must be signed, because this log "
                                "requires signed promote decisions, and there is no signing key "
                                "at %1: run `gatereview log keygen`, add its line to the team's "
                                "allowed-signers file, then record again.")
                     .arg(none));
        kind->setCurrentIndex(kind->findData(QStringLiteral("fast_track_review")));
        QVERIFY(!recordButton->isEnabled());
        kind->setCurrentIndex(kind->findData(QStringLiteral("champion_stays")));
        QVERIFY(recordButton->isEnabled());
        QCOMPARE(problem->text(), QString());
        QTest::mouseClick(recordButton, Qt::LeftButton);
        QVERIFY(dialog.recorded());
        QVERIFY(dialog.recorded()->signerKey.isEmpty());

        const QString keyPath = m_dir.filePath(QStringLiteral("keys/policy-key.pem"));
        const SigningKey key = SigningKey::generate();
        key.save(keyPath);
        RecordDecisionDialog withKey(&state, path);
        withKey.setSigningKeyPath(keyPath);
        withKey.findChild<QLineEdit *>(QStringLiteral("decisionAuthor"))
            ->setText(QStringLiteral("alice"));
        withKey.findChild<QPlainTextEdit *>(QStringLiteral("decisionRationale"))
            ->setPlainText(QStringLiteral("signed promotion"));
        auto *signedButton =
            withKey.findChild<QPushButton *>(QStringLiteral("recordDecisionButton"));
        QVERIFY(signedButton->isEnabled());
        QTest::mouseClick(signedButton, Qt::LeftButton);
        QVERIFY(withKey.recorded());
        QCOMPARE(withKey.recorded()->signerKey, key.publicKey());

        // This dialog read the policy before it was on: the log itself refuses.
        openedBefore.findChild<QLineEdit *>(QStringLiteral("decisionAuthor"))
            ->setText(QStringLiteral("alice"));
        openedBefore.findChild<QPlainTextEdit *>(QStringLiteral("decisionRationale"))
            ->setPlainText(QStringLiteral("unsigned after all"));
        QVERIFY(openedBefore.findChild<QLabel *>(QStringLiteral("decisionLogPolicy"))
                    ->text()
                    .isEmpty());
        QTest::mouseClick(
            openedBefore.findChild<QPushButton *>(QStringLiteral("recordDecisionButton")),
            Qt::LeftButton);
        QVERIFY(!openedBefore.recorded());
        const QString refused =
            openedBefore.findChild<QLabel *>(QStringLiteral("decisionProblem"))->text();
        QVERIFY2(refused.contains(QLatin1String("this log requires signed promote decisions")) &&
                     refused.contains(QLatin1String("kept as a draft")),
                 qPrintable(refused));
        QCOMPARE(DecisionLog(path).count(), 5);
    }

    // A team's log on a real PostgreSQL server: the page shows its head, the dialog records a
    // signed decision into it as a writer, and a reader's refused append is kept as a draft that
    // the next dialog on the same report offers and records.
    void teamLogOnPostgres()
    {
        PostgresCluster &cluster = m_locations.cluster();
        if (!cluster.isRunning()) QSKIP(qPrintable(cluster.skipReason()));
        const QString db = cluster.createDatabase();
        QCOMPARE(cluster.exec(db, QStringLiteral("CREATE ROLE wendy LOGIN PASSWORD 'wendy-pw'; "
                                                 "CREATE ROLE rita LOGIN PASSWORD 'rita-pw'")),
                 QString());
        {
            PostgresDatabase admin(parsePostgresLocation(cluster.url(db)));
            PostgresRoles roles;
            roles.writers = {QStringLiteral("wendy")};
            roles.readers = {QStringLiteral("rita")};
            initPostgresDecisionLog(admin, roles);
        }
        const QString asWendy = cluster.url(db, QStringLiteral("wendy"));
        const QString asRita = cluster.url(db, QStringLiteral("rita"));
        qputenv("PGPASSWORD", "wendy-pw");
        {
            DecisionLog log(asWendy, DecisionLog::OpenMode::ExistingOnly, steppingClock());
            log.append(makeDecision(DecisionKind::ChampionStays,
                                    gateReportFor(QStringLiteral("NOT_PROMOTED")),
                                    QStringLiteral("first"), QStringLiteral("wendy")));
        }
        ReviewState state;
        setReport(state, QStringLiteral("NOT_PROMOTED"));
        HistoryPage page(&state);
        QSignalSpy refreshed(&page, &HistoryPage::refreshed);
        auto *head = page.findChild<QLabel *>(QStringLiteral("historyChainHead"));
        page.setLogPath(asWendy);
        QVERIFY(refreshed.wait(20000));
        QCOMPARE(page.model()->rowCount(), 1);
        QCOMPARE(head->text(),
                 QStringLiteral("Chain head: 1:") + DecisionLog(asWendy).record(1)->hash);

        const QString drafts = m_dir.filePath(QStringLiteral("drafts-team"));
        const QString keyPath = m_dir.filePath(QStringLiteral("keys/wendy.pem"));
        SigningKey::generate().save(keyPath);
        auto fill = [&](RecordDecisionDialog &dialog, const QString &rationale) {
            dialog.setDraftFolder(drafts);
            dialog.setSigningKeyPath(keyPath);
            dialog.findChild<QLineEdit *>(QStringLiteral("decisionAuthor"))
                ->setText(QStringLiteral("wendy"));
            if (!rationale.isEmpty())
                dialog.findChild<QPlainTextEdit *>(QStringLiteral("decisionRationale"))
                    ->setPlainText(rationale);
            QTest::mouseClick(
                dialog.findChild<QPushButton *>(QStringLiteral("recordDecisionButton")),
                Qt::LeftButton);
        };
        qputenv("PGPASSWORD", "rita-pw");
        {
            RecordDecisionDialog dialog(&state, asRita);
            fill(dialog, QStringLiteral("recorded with the wrong role"));
            QVERIFY(!dialog.recorded());
            const QString problem =
                dialog.findChild<QLabel *>(QStringLiteral("decisionProblem"))->text();
            QVERIFY2(problem.contains(QLatin1String("permission denied")) &&
                         problem.contains(QLatin1String("writer role")) &&
                         problem.contains(QLatin1String("kept as a draft")) &&
                         !problem.contains(QLatin1String("rita-pw")),
                     qPrintable(problem));
        }
        QCOMPARE(DecisionDraftStore(drafts).drafts().size(), 1);
        qputenv("PGPASSWORD", "wendy-pw");
        {
            RecordDecisionDialog dialog(&state, asWendy);
            dialog.setDraftFolder(drafts);
            QCOMPARE(dialog.findChild<QPlainTextEdit *>(QStringLiteral("decisionRationale"))
                         ->toPlainText(),
                     QStringLiteral("recorded with the wrong role"));
            fill(dialog, QString());
            QVERIFY(dialog.recorded());
            QVERIFY(!dialog.recorded()->signerKey.isEmpty());
        }
        QVERIFY(DecisionDraftStore(drafts).drafts().isEmpty());
        page.refresh();
        QVERIFY(refreshed.wait(20000));
        QCOMPARE(page.model()->rowCount(), 2);
        const DecisionLog log(asWendy);
        QCOMPARE(head->text(), QStringLiteral("Chain head: 2:") + log.record(2)->hash);
        QCOMPARE(log.record(2)->decision.rationale, QStringLiteral("recorded with the wrong role"));
        QVERIFY(log.verify().intact());
        qunsetenv("PGPASSWORD");
    }

    // "Log location…" refuses a URL with a password before anything is stored; a good location
    // is remembered.
    void logLocationNeverStoresAPassword()
    {
        const QString key = QLatin1String(kDecisionLogSettingKey);
        QSettings().remove(key);
        ReviewState state;
        HistoryPage page(&state);
        auto choose = [&page](const QString &location) {
            QTimer::singleShot(0, &page, [&page, location] {
                auto *input = page.findChild<QInputDialog *>();
                if (!input) return;
                input->setTextValue(location);
                input->accept();
            });
            QTest::mouseClick(
                page.findChild<QPushButton *>(QStringLiteral("historyLogLocationButton")),
                Qt::LeftButton);
        };
        choose(QStringLiteral("postgresql://alice:s3cret-pw@127.0.0.1:1/team"));
        QVERIFY(!QSettings().contains(key));
        const QString status = page.findChild<QLabel *>(QStringLiteral("historyStatus"))->text();
        QVERIFY2(status.contains(QLatin1String("carries a password")) &&
                     !status.contains(QLatin1String("s3cret")),
                 qPrintable(status));
        const QString file = m_dir.filePath(QStringLiteral("chosen.sqlite"));
        choose(file);
        QCOMPARE(QSettings().value(key).toString(), file);
        QCOMPARE(page.logPath(), file);
        QSettings().remove(key);
    }

    void failedWriteKeepsTheDialogOpen()
    {
        ReviewState state;
        setReport(state, QStringLiteral("NOT_PROMOTED"));
        const QString junk =
            writeFile(m_dir, QStringLiteral("junk-dialog.sqlite"), QByteArray(1024, 'j'));
        RecordDecisionDialog dialog(&state, junk);
        const QString drafts = m_dir.filePath(QStringLiteral("drafts-junk"));
        dialog.setDraftFolder(drafts);
        dialog.findChild<QPlainTextEdit *>(QStringLiteral("decisionRationale"))
            ->setPlainText(QStringLiteral("why"));
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("recordDecisionButton")),
                          Qt::LeftButton);
        QVERIFY(!dialog.recorded());
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("decisionProblem"))
                    ->text()
                    .contains(junk + QStringLiteral(": not a SQLite database")));
        // Not a server failure, but the decision is kept all the same.
        QCOMPARE(DecisionDraftStore(drafts).drafts().size(), 1);
        QCOMPARE(DecisionDraftStore(drafts).drafts().value(0).decision.rationale,
                 QStringLiteral("why"));
    }
};

QTEST_MAIN(TestHistoryPage)
#include "test_historypage.moc"

#pragma once
// The application window: a thin shell of menus, toolbar, status bar and pages. Every view is a
// page class constructed as `new XPage(ReviewState *, QWidget *)` and added in addPages().
// Opening a review (dialogs, drops, the load on a worker) is ReviewOpener's; the shared
// ReviewState tells every page what changed.
#include "reviewstate.h"
#include "session/reviewsession.h"
#include "themes.h"

#include <optional>
#include <QMainWindow>
#include <QUrl>

class QLabel;
class QMenu;
class QTabWidget;
class QToolBar;

namespace gr::ui {

class RecentReviews;
class ReviewActions;
class ReviewAutosave;
class ReviewLoader;
class ReviewOpener;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    ReviewState *state() const { return m_state; }
    ReviewLoader *loader() const;
    ReviewActions *actions() const { return m_actions; }
    ReviewAutosave *autosave() const { return m_autosave; }
    QTabWidget *pages() const { return m_pages; }
    QMenu *fileMenu() const { return m_fileMenu; }
    // The message of the last failed load (also shown in a dialog); empty after a success.
    QString lastError() const;

    // Adds a page (and its View menu entry); pages are told about the review through ReviewState.
    void addPage(QWidget *page, const QString &title);

public slots:
    void openDemo();
    // Opens a pair in the background; `policy` empty: the last policy used (or the default).
    void openPair(const QString &champion, const QString &candidate, const QString &policy = {});
    void openInputs(const gr::ui::ReviewInputs &inputs);
    // Opens a saved review: its request, then its notes and what-if thresholds, and warns when a
    // source now resolves to another model version, run or file than when it was saved.
    void openSession(const gr::ReviewSession &session);
    void openChampion();
    void openCandidate();
    void openChampionFolder();
    void openCandidateFolder();
    void openPolicy();
    void chooseColumns(); // for the files of the pair being opened, then reloads
    // What a drop on the window does (dropEvent calls it): see the rules in mainwindow.cpp.
    void openDropped(const QList<QUrl> &urls);
    void exportPlot();
    void setTheme(gr::ui::Theme theme);
    // At start: when the last session ended with unsaved work (an autosave is left), offers to
    // reopen it. Returns true when the user chose to.
    bool offerAutosave();
    // The size of a first start: never taller or wider than the screen's free area.
    QSize defaultSize() const;

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void addPages();
    void createMenus();
    void refreshStatus();
    void restoreSettings();

    ReviewState *m_state;
    ReviewOpener *m_opener;
    QTabWidget *m_pages;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QToolBar *m_toolBar = nullptr;
    QList<QAction *> m_loadActions;
    RecentReviews *m_recent = nullptr;
    ReviewActions *m_actions = nullptr;
    QAction *m_openSection = nullptr; // separators the review actions are inserted above
    QAction *m_reviewSection = nullptr;
    QLabel *m_fingerprint;
    QLabel *m_policyLabel;
    // Asks to save unsaved work (notes, what-if thresholds, canary data); false: stay.
    bool confirmDiscard(const QString &question);
    ReviewAutosave *m_autosave;
};

} // namespace gr::ui

#pragma once
// How the window opens a review. It keeps what the next load opens, built up side by side from
// open dialogs, drops, recent entries and saved reviews; asks which columns to read when a
// prediction file's header lacks the usual names; loads on a worker (ReviewLoader) behind a
// non-modal progress dialog; and on success replaces the review in ReviewState whole, while a
// failure or a cancel leaves the review on screen as it was and forgets the rejected inputs.
// Kept out of MainWindow so the window stays a shell of menus, pages and status.
#include "reviewstate.h"
#include "session/reviewsession.h"

#include <functional>
#include <optional>
#include <QObject>
#include <QPointer>
#include <QUrl>

class QProgressDialog;
class QWidget;

namespace gr::ui {

class ReviewLoader;

class ReviewOpener : public QObject
{
    Q_OBJECT
public:
    // `window` parents the dialogs (progress, columns, errors).
    ReviewOpener(ReviewState *state, QWidget *window);

    ReviewLoader *loader() const { return m_loader; }
    // Asked before another pair replaces a review with unsaved work (notes, what-if thresholds,
    // canary data): the window's Save / Discard / Cancel question. Returns whether to go on.
    void setConfirmDiscard(std::function<bool(const QString &question)> ask)
    {
        m_confirmDiscard = std::move(ask);
    }
    // What the next load opens: the open review's inputs, plus whatever was chosen since.
    const ReviewInputs &next() const { return m_next; }
    // The message of the last failed load (also shown in a dialog); empty after a success.
    QString lastError() const { return m_lastError; }

    void openDemo();
    // Another pair is another review: only the policy and the tracking URI carry over.
    // `policy` empty: the last policy used (or the built-in default).
    void openPair(const QString &champion, const QString &candidate, const QString &policy = {});
    void openInputs(const ReviewInputs &inputs);
    // A saved review: its request, then its notes and what-if thresholds once loaded, with a
    // warning when a source now resolves to another model version, run or file. `autosaved`:
    // the review stays unsaved work once restored. Returns whether the load started.
    bool openSession(const ReviewSession &session, bool autosaved = false);
    // One side chosen: the review (re)loads as soon as both sides are known.
    void openSide(Side side, const QString &path);
    void openPolicy(const QString &path); // re-evaluates the open pair under it
    void chooseColumns();                 // for the files of the pair, then reloads
    // Two items are the champion and the candidate (by name when they say which, else in order);
    // one item fills the missing side or replaces the candidate; a YAML file is the policy.
    void openDropped(const QList<QUrl> &urls);

signals:
    void statusMessage(const QString &text, int timeoutMs);
    void busyChanged(bool busy); // a load started (true) or ended (false)
    void opened(const gr::ui::ReviewInputs &inputs);
    void nextChanged(); // next() changed without a load (e.g. a policy with no pair yet)

private:
    std::optional<ColumnMapping> askColumns(const QString &path, const ColumnMapping &current,
                                            bool always);
    void startLoad(const ReviewInputs &inputs);
    void onLoaded(const Review &review);
    void onFailed(const QString &message);
    void forgetPending();
    // What the next open builds on: the open review's request, else nothing but the last policy.
    ReviewInputs startingPoint() const;
    bool pairKnown() const { return !m_next.champion.isEmpty() && !m_next.candidate.isEmpty(); }

    ReviewState *m_state;
    QWidget *m_window;
    std::function<bool(const QString &)> m_confirmDiscard;
    ReviewLoader *m_loader;
    QPointer<QProgressDialog> m_progress;
    ReviewInputs m_next;
    std::optional<ReviewSession> m_pendingSession; // restored once its review has loaded
    bool m_pendingIsAutosave = false;              // ...and is unsaved work once restored
    QString m_lastError;
};

} // namespace gr::ui

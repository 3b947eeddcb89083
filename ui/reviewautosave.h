#pragma once
// Crash-safe autosave of the review in progress: a few seconds after the notes, what-if
// thresholds or canary data change, the review is written as a session file (atomically, through
// QSaveFile) to the settings folder. A clean quit or an explicit save removes it; a file still
// there at the next start means the last session ended without either, and is offered back.
#include <QObject>
#include <QTimer>

namespace gr::ui {

class ReviewState;

class ReviewAutosave : public QObject
{
    Q_OBJECT
public:
    explicit ReviewAutosave(ReviewState *state, QObject *parent = nullptr);

    // Where the autosave lives (beside the settings, so a test's throwaway settings folder holds
    // its autosave too).
    static QString path();
    static bool exists();
    // Writes the open review now; false when there is nothing to save or the write failed.
    bool writeNow();
    // Removes the autosave: the work was saved or deliberately discarded.
    void discard();

private:
    ReviewState *m_state;
    QTimer m_delay;
};

} // namespace gr::ui

#include "reviewautosave.h"
#include "decision/reviewsessionstate.h"
#include "model/errors.h"
#include "reviewstate.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace gr::ui {

namespace {
constexpr int kDelayMilliseconds = 3000; // after the last edit: typing is not written per key
}

ReviewAutosave::ReviewAutosave(ReviewState *state, QObject *parent)
    : QObject(parent), m_state(state)
{
    m_delay.setSingleShot(true);
    m_delay.setInterval(kDelayMilliseconds);
    connect(&m_delay, &QTimer::timeout, this, &ReviewAutosave::writeNow);
    auto schedule = [this] {
        if (m_state->hasReport() && m_state->isModified()) m_delay.start();
    };
    connect(state, &ReviewState::notesChanged, this, schedule);
    connect(state, &ReviewState::whatIfChanged, this, schedule);
    connect(state, &ReviewState::modifiedChanged, this, [this, schedule](bool modified) {
        if (modified)
            schedule();
        else
            discard(); // saved, or another review opened: nothing left to recover
    });
}

QString ReviewAutosave::path()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
        .filePath(QStringLiteral("autosave.gatereview"));
}

bool ReviewAutosave::exists()
{
    return QFile::exists(path());
}

bool ReviewAutosave::writeNow()
{
    m_delay.stop();
    if (!m_state->hasReport()) return false;
    QDir().mkpath(QFileInfo(path()).absolutePath());
    try {
        saveReviewSession(sessionFromState(*m_state), path());
        return true;
    } catch (const InputError &e) {
        qWarning("autosave: %s", qPrintable(e.message()));
        return false;
    }
}

void ReviewAutosave::discard()
{
    m_delay.stop();
    QFile::remove(path());
}

} // namespace gr::ui

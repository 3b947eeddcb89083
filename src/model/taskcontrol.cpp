#include "taskcontrol.h"
#include "errors.h"

#include <algorithm>

namespace gr {

void TaskControl::checkCancelled() const
{
    if (isCancelled()) throw Cancelled();
}

void TaskControl::setProgress(double fraction, const QString &stage)
{
    const double now = std::clamp(fraction, 0.0, 1.0);
    const double previous = m_progress.exchange(now);
    if (!stage.isEmpty()) setStage(stage);
    if (m_parent) {
        // Added, not stored: another part may be moving the parent at the same moment.
        m_parent->addProgress((now - previous) * m_share);
        if (!stage.isEmpty()) m_parent->setStage(stage);
    }
}

void TaskControl::setStage(const QString &stage)
{
    std::lock_guard lock(m_stageMutex);
    m_stage = stage;
}

void TaskControl::addProgress(double delta)
{
    double now = m_progress.load();
    while (!m_progress.compare_exchange_weak(now, std::clamp(now + delta, 0.0, 1.0))) {
    }
}

QString TaskControl::stage() const
{
    std::lock_guard lock(m_stageMutex);
    return m_stage;
}

} // namespace gr

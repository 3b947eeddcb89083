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
    m_progress.store(std::clamp(fraction, 0.0, 1.0));
    if (!stage.isEmpty()) {
        std::lock_guard lock(m_stageMutex);
        m_stage = stage;
    }
}

QString TaskControl::stage() const
{
    std::lock_guard lock(m_stageMutex);
    return m_stage;
}

} // namespace gr

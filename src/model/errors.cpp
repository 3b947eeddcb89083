#include "errors.h"
#include "redaction.h"

namespace gr {

static std::string composeMessage(const QString &file, qint64 line, const QString &problem)
{
    QString text = problem;
    if (!file.isEmpty())
        text = line > 0 ? QStringLiteral("%1:%2: %3").arg(file).arg(line).arg(problem)
                        : QStringLiteral("%1: %2").arg(file, problem);
    return text.toStdString();
}

InputError::InputError(QString file, qint64 line, QString problem)
    : std::runtime_error(composeMessage(redactSecrets(file), line, redactSecrets(problem))),
      m_file(redactSecrets(file)), m_line(line), m_problem(redactSecrets(problem))
{
}

QString InputError::message() const
{
    return QString::fromStdString(what());
}

} // namespace gr

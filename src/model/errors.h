#pragma once
// One error policy for the whole core: problems with user input throw InputError, which names
// the file, the line (when there is one) and what is wrong. CLI commands and UI slots catch it
// at their boundary and show message(). Cancelled is thrown when the user cancels long work.
// Credentials in URIs are masked on construction (model/redaction.h), so no message can leak one.
#include <QString>
#include <stdexcept>

namespace gr {

class InputError : public std::runtime_error
{
public:
    InputError(QString file, qint64 line, QString problem);
    InputError(QString file, QString problem) : InputError(std::move(file), 0, std::move(problem))
    {
    }

    const QString &file() const { return m_file; }
    qint64 line() const { return m_line; } // 1-based; 0 when the problem has no line
    const QString &problem() const { return m_problem; }
    // "file:line: problem", "file: problem" or just "problem".
    QString message() const;

private:
    QString m_file;
    qint64 m_line;
    QString m_problem;
};

class Cancelled : public std::runtime_error
{
public:
    Cancelled() : std::runtime_error("cancelled by the user") {}
};

} // namespace gr

#pragma once
#include "command.h"

namespace gr::cli {

// `gatereview log list|show|verify|record`: the decision log from a terminal or a pipeline.
// Exit 0 on success, 1 when `verify` finds the log tampered with, 2 for usage or input errors
// (including a log file that is not a decision log, and a bad report for `record`).
class LogCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("log"); }
    QString description() const override
    {
        return QStringLiteral("the decision log: list, show, verify, record");
    }
    int run(const QStringList &arguments, QTextStream &out, QTextStream &err) override;
};

} // namespace gr::cli

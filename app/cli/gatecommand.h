#pragma once
#include "command.h"

namespace gr::cli {

// `gatereview gate`: layers 1-3 for CI. Exit 0 when decided (PROMOTED or NOT_PROMOTED), 3 for
// INVALID, 2 for usage or input errors.
class GateCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("gate"); }
    QString description() const override
    {
        return QStringLiteral("evaluate the gate: champion vs candidate on a fixed test set");
    }
    int run(const QStringList &arguments, QTextStream &out, QTextStream &err) override;
};

} // namespace gr::cli

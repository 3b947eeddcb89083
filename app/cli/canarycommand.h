#pragma once
#include "command.h"

namespace gr::cli {

// `gatereview canary`: layer 4 for CD pipelines. Exit 0 when decided (PROMOTE or ROLLBACK),
// 3 when INCONCLUSIVE, 2 for usage or input errors.
class CanaryCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("canary"); }
    QString description() const override
    {
        return QStringLiteral(
            "judge a canary: baseline vs canary live traffic, promote or roll back");
    }
    int run(const QStringList &arguments, QTextStream &out, QTextStream &err) override;
};

} // namespace gr::cli

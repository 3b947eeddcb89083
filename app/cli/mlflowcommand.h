#pragma once
#include "command.h"

namespace gr::cli {

// `gatereview mlflow ACTION`: browse an MLflow registry (models, versions, show) and the guarded
// write-back (promote) that moves @champion after a recorded "Promote candidate" decision.
// The gate itself takes MLflow addresses directly: `gatereview gate --champion models:/M@champion
// ...`.
class MlflowCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("mlflow"); }
    QString description() const override
    {
        return QStringLiteral("browse an MLflow registry; move @champion after a promotion");
    }
    int run(const QStringList &arguments, QTextStream &out, QTextStream &err) override;
};

} // namespace gr::cli

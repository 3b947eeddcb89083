#include "demolocator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace gr {

QString demoDirectory()
{
    QStringList candidates;
    const QString fromEnv = qEnvironmentVariable("GATEREVIEW_DEMO_DIR");
    if (!fromEnv.isEmpty()) candidates << fromEnv;
    if (QCoreApplication::instance())
        candidates << QDir(QCoreApplication::applicationDirPath())
                          .filePath(QStringLiteral("../share/gatereview/demo"));
    candidates << QStringLiteral(GATEREVIEW_SOURCE_DEMO_DIR);
    for (const QString &dir : candidates)
        if (QFileInfo::exists(QDir(dir).filePath(QStringLiteral("policy.yaml"))))
            return QDir(dir).canonicalPath();
    return {};
}

} // namespace gr

#include "outputfiles.h"
#include "model/errors.h"

#include <QFile>
#include <QSaveFile>

namespace gr::cli {

void writeOutput(const QString &path, const QByteArray &data, QTextStream &out)
{
    if (path == QLatin1String("-")) {
        out << QString::fromUtf8(data);
        out.flush();
        return;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        throw InputError(path, QStringLiteral("cannot write: %1").arg(file.errorString()));
}

void appendToFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append) || file.write(data) != data.size())
        throw InputError(path, QStringLiteral("cannot append: %1").arg(file.errorString()));
}

} // namespace gr::cli

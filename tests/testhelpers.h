#pragma once
// Shared by the test executables: fixture paths and small file helpers.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QTemporaryDir>

namespace gr::test {

inline QString dataPath(const QString &relative)
{
    return QDir(QStringLiteral(GR_TEST_DATA_DIR)).filePath(relative);
}

inline QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot open %s", qPrintable(path));
    return QJsonDocument::fromJson(f.readAll()).object();
}

inline QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

// Every subfolder of `relative` (one data row each in a data-driven test).
inline QStringList caseFolders(const QString &relative)
{
    return QDir(dataPath(relative)).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
}

} // namespace gr::test

#pragma once
// Writing command outputs: "-" means stdout; files are written atomically (QSaveFile) so a CI
// job never archives half a report; GitHub's $GITHUB_OUTPUT and step summary are appended to.
#include <QString>
#include <QTextStream>

namespace gr::cli {

// Throws InputError when the file cannot be written.
void writeOutput(const QString &path, const QByteArray &data, QTextStream &out);
void appendToFile(const QString &path, const QByteArray &data);

} // namespace gr::cli

#pragma once
// Runs a `gatereview` subcommand in-process with its output streams swapped for buffers
// (KeePassXC's TestCli pattern). For tests that link gatereview_cli.
#include "cli/command.h"

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace gr::test {

struct CliResult
{
    int code = -1;
    QString out, err;
};

inline CliResult runCli(const QStringList &arguments)
{
    CliResult r;
    QTextStream out(&r.out), err(&r.err);
    r.code = cli::runCommandLine(arguments, out, err);
    out.flush();
    err.flush();
    return r;
}

} // namespace gr::test

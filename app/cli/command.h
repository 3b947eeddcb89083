#pragma once
// One class per CLI subcommand (KeePassXC's layout). Commands write to the streams they are
// given, so tests run them in-process with buffers in place of stdout/stderr.
#include <memory>
#include <QStringList>
#include <QTextStream>
#include <vector>

namespace gr::cli {

// Exit codes shared by every subcommand.
enum ExitCode : int
{
    ExitDecided = 0, // the command did its job (for `gate`: PROMOTED or NOT_PROMOTED)
    ExitFailure = 1, // a check the command performs failed (e.g. `log verify`)
    ExitUsage = 2,   // bad arguments or unreadable input
    ExitInvalid = 3, // the gate could not compare (different test sets)
};

class Command
{
public:
    virtual ~Command() = default;
    virtual QString name() const = 0;
    virtual QString description() const = 0;
    // True when the command paints text (PDF needs fonts): main() then runs it on a
    // QGuiApplication on the offscreen platform, so it still never needs a display.
    virtual bool needsGuiApplication() const { return false; }
    // `arguments` excludes the program and subcommand names.
    virtual int run(const QStringList &arguments, QTextStream &out, QTextStream &err) = 0;
};

std::vector<std::unique_ptr<Command>> allCommands();
// Runs `gatereview SUBCOMMAND ...`; returns -1 when arguments[0] names no subcommand.
int runCommandLine(const QStringList &arguments, QTextStream &out, QTextStream &err);
bool isSubcommand(const QString &name);
bool needsGuiApplication(const QString &subcommand);

} // namespace gr::cli

#include "canarycommand.h"
#include "command.h"
#include "gatecommand.h"
#include "logcommand.h"
#include "mlflowcommand.h"
#include "reportcommand.h"

namespace gr::cli {

std::vector<std::unique_ptr<Command>> allCommands()
{
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::make_unique<GateCommand>());
    commands.push_back(std::make_unique<MlflowCommand>());
    commands.push_back(std::make_unique<LogCommand>());
    commands.push_back(std::make_unique<ReportCommand>());
    commands.push_back(std::make_unique<CanaryCommand>());
    return commands;
}

bool isSubcommand(const QString &name)
{
    if (name == QLatin1String("help")) return true;
    for (const auto &c : allCommands())
        if (c->name() == name) return true;
    return false;
}

bool needsGuiApplication(const QString &subcommand)
{
    for (const auto &c : allCommands())
        if (c->name() == subcommand) return c->needsGuiApplication();
    return false;
}

int runCommandLine(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    if (arguments.isEmpty()) return -1;
    if (arguments.first() == QLatin1String("help")) {
        out << "Usage: gatereview [--demo | CHAMPION CANDIDATE]        open the review window\n"
               "       gatereview SUBCOMMAND [options]                  headless\n\nSubcommands:\n";
        for (const auto &c : allCommands())
            out << "  " << c->name().leftJustified(10) << c->description() << "\n";
        out << "\nRun 'gatereview SUBCOMMAND --help' for its options.\n";
        return ExitDecided;
    }
    for (const auto &c : allCommands())
        if (c->name() == arguments.first()) return c->run(arguments.mid(1), out, err);
    return -1;
}

} // namespace gr::cli

#pragma once
// Shared by the `gatereview log` actions (logcommand.cpp: list, show, verify, record;
// logcommandadmin.cpp: init, policy, keygen, head, export, import).
#include "command.h"

#include <QCommandLineParser>

namespace gr::cli::logactions {

QCommandLineOption logOption();
// Parses `arguments` for `gatereview log ACTION` (adding --help and --log); returns false after
// printing help or an error (with the exit code in *code).
bool parse(QCommandLineParser &parser, const QString &action, const QStringList &arguments,
           QTextStream &out, QTextStream &err, int *code);
// Throws InputError when the action got positional arguments it does not take.
void expectNoPositionals(const QCommandLineParser &parser);

int initLog(const QStringList &arguments, QTextStream &out, QTextStream &err);
int changePolicy(const QStringList &arguments, QTextStream &out, QTextStream &err);
int generateKey(const QStringList &arguments, QTextStream &out, QTextStream &err);
int printHead(const QStringList &arguments, QTextStream &out, QTextStream &err);
int exportLog(const QStringList &arguments, QTextStream &out, QTextStream &err);
int importLog(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace gr::cli::logactions

// `gatereview log init|policy|keygen|head|export|import`: setting a team's log up, its policy,
// signing keys, anchors and moving a log between backends.
#include "logcommandactions.h"

#include "decisionlog/decisionlog.h"
#include "decisionlog/decisionlogschema.h"
#include "decisionlog/decisionrecord.h"
#include "decisionlog/postgresdatabase.h"
#include "decisionlog/recordsigning.h"
#include "model/errors.h"

#include <QBuffer>
#include <QFile>
#include <QRegularExpression>

namespace gr::cli::logactions {

int initLog(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    PostgresRoles roles;
    parser.addOptions({
        {QStringLiteral("owner-role"),
         QStringLiteral("The role that owns the schema (default %1).").arg(roles.owner),
         QStringLiteral("ROLE")},
        {QStringLiteral("writer-role"),
         QStringLiteral("The role that may SELECT and INSERT (default %1).").arg(roles.writer),
         QStringLiteral("ROLE")},
        {QStringLiteral("reader-role"),
         QStringLiteral("The role that may only SELECT (default %1).").arg(roles.reader),
         QStringLiteral("ROLE")},
        {QStringLiteral("grant-writer"),
         QStringLiteral("Grant the writer role to this login role (repeatable)."),
         QStringLiteral("LOGIN")},
        {QStringLiteral("grant-reader"),
         QStringLiteral("Grant the reader role to this login role (repeatable)."),
         QStringLiteral("LOGIN")},
    });
    int code = ExitDecided;
    if (!parse(parser, QStringLiteral("init"), arguments, out, err, &code)) return code;
    expectNoPositionals(parser);
    const QString location = resolveDecisionLogPath(parser.value(QStringLiteral("log")));
    if (!isPostgresLocation(location)) {
        const DecisionLog log(location);
        out << "Decision log " << log.path() << " is ready (SQLite, schema version "
            << latestDecisionLogSchemaVersion() << "). Roles exist only on PostgreSQL.\n";
        return ExitDecided;
    }
    if (parser.isSet(QStringLiteral("owner-role")))
        roles.owner = parser.value(QStringLiteral("owner-role"));
    if (parser.isSet(QStringLiteral("writer-role")))
        roles.writer = parser.value(QStringLiteral("writer-role"));
    if (parser.isSet(QStringLiteral("reader-role")))
        roles.reader = parser.value(QStringLiteral("reader-role"));
    roles.writers = parser.values(QStringLiteral("grant-writer"));
    roles.readers = parser.values(QStringLiteral("grant-reader"));
    PostgresDatabase db(parsePostgresLocation(location));
    const QStringList done = initPostgresDecisionLog(db, roles);
    out << "Set up the decision log in " << db.location() << " (schema gatereview, version "
        << latestDecisionLogSchemaVersion() << "):\n";
    for (const QString &statement : done)
        out << "  " << statement << (statement.startsWith(QLatin1String("--")) ? "" : ";") << "\n";
    out << "Writers: GRANT " << roles.writer << " TO <login>; readers: GRANT " << roles.reader
        << " TO <login>. Writers may only SELECT and INSERT; nobody but " << roles.owner
        << " may UPDATE, DELETE or TRUNCATE, and its triggers refuse that too.\n"
        << "Once every writer has a key (`gatereview log keygen`), require signed promote "
           "decisions: `gatereview log policy --require-signed-promotions on` as "
        << roles.owner << " or a member of it.\n";
    return ExitDecided;
}

int changePolicy(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("require-signed-promotions"),
         QStringLiteral("on: every writer refuses an unsigned promote_candidate or "
                        "fast_track_review record and `log verify` reports each one the log "
                        "holds; off: they are accepted again. Without it: print the policy."),
         QStringLiteral("on|off")},
        {QStringLiteral("author"),
         QStringLiteral("Who changes the policy (default: the OS user, %1).").arg(defaultAuthor()),
         QStringLiteral("NAME")},
    });
    int code = ExitDecided;
    if (!parse(parser, QStringLiteral("policy"), arguments, out, err, &code)) return code;
    expectNoPositionals(parser);
    const QString location = resolveDecisionLogPath(parser.value(QStringLiteral("log")));
    if (!parser.isSet(QStringLiteral("require-signed-promotions"))) {
        const DecisionLog log(location, DecisionLog::OpenMode::ReadOnly);
        out << "Decision log " << log.path() << ": " << log.policy().describe() << ".\n";
        return ExitDecided;
    }
    const QString value = parser.value(QStringLiteral("require-signed-promotions")).toLower();
    if (value != QLatin1String("on") && value != QLatin1String("off"))
        throw InputError(QString(),
                         QStringLiteral("--require-signed-promotions takes on or off, not '%1'")
                             .arg(parser.value(QStringLiteral("require-signed-promotions"))));
    const bool on = value == QLatin1String("on");
    const QString author = parser.isSet(QStringLiteral("author"))
                               ? parser.value(QStringLiteral("author"))
                               : defaultAuthor();
    DecisionLog log(location, DecisionLog::OpenMode::ExistingOnly);
    const bool changed = log.setRequireSignedPromotions(on, author);
    out << "Decision log " << log.path() << ": " << log.policy().describe()
        << (changed ? QString() : QStringLiteral(" (unchanged)")) << ".\n";
    if (!on) return ExitDecided;
    out << "`log record`, the window's Record dialog and `mlflow promote` now refuse an unsigned "
           "promote decision; `log verify` reports every unsigned one the log holds.\n";
    QStringList unsignedPromotions;
    for (const DecisionRecord &r : log.records())
        if (isPromoteDecision(r.decision.kind) && r.signerKey.isEmpty())
            unsignedPromotions << QString::number(r.id);
    if (!unsignedPromotions.isEmpty())
        out << "Recorded before: " << unsignedPromotions.size() << " unsigned promote record"
            << (unsignedPromotions.size() == 1 ? "" : "s") << " (record "
            << unsignedPromotions.join(QStringLiteral(", ")) << "), which `log verify` reports.\n";
    return ExitDecided;
}

int generateKey(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("key"),
         QStringLiteral("Where to write the private key (default: %1).")
             .arg(defaultSigningKeyPath()),
         QStringLiteral("FILE")},
        {QStringLiteral("principal"),
         QStringLiteral("The name the allowed-signers line gives (default: the OS user, %1).")
             .arg(defaultAuthor()),
         QStringLiteral("NAME")},
    });
    int code = ExitDecided;
    if (!parse(parser, QStringLiteral("keygen"), arguments, out, err, &code)) return code;
    expectNoPositionals(parser);
    const QString path = parser.isSet(QStringLiteral("key")) ? parser.value(QStringLiteral("key"))
                                                             : defaultSigningKeyPath();
    const QString principal = parser.isSet(QStringLiteral("principal"))
                                  ? parser.value(QStringLiteral("principal"))
                                  : defaultAuthor();
    if (principal.isEmpty() || principal.contains(QRegularExpression(QStringLiteral("\\s"))))
        throw InputError(QString(), QStringLiteral("--principal must be one word (the author "
                                                   "name your records carry)"));
    const SigningKey key = SigningKey::generate();
    key.save(path);
    out << "Wrote an Ed25519 private key to " << path
        << " (mode 0600; keep it to yourself, it is never printed).\n"
        << "Add this line to the team's allowed-signers file:\n"
        << principal << " " << key.publicKey() << "\n";
    return ExitDecided;
}

int printHead(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    int code = ExitDecided;
    if (!parse(parser, QStringLiteral("head"), arguments, out, err, &code)) return code;
    expectNoPositionals(parser);
    const DecisionLog log(resolveDecisionLogPath(parser.value(QStringLiteral("log"))),
                          DecisionLog::OpenMode::ReadOnly);
    out << log.head().toString() << "\n";
    return ExitDecided;
}

int exportLog(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("output"),
                      QStringLiteral("Write the JSON Lines here instead of standard output."),
                      QStringLiteral("FILE")});
    int code = ExitDecided;
    if (!parse(parser, QStringLiteral("export"), arguments, out, err, &code)) return code;
    expectNoPositionals(parser);
    const DecisionLog log(resolveDecisionLogPath(parser.value(QStringLiteral("log"))),
                          DecisionLog::OpenMode::ReadOnly);
    if (parser.isSet(QStringLiteral("output"))) {
        QFile file(parser.value(QStringLiteral("output")));
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            throw InputError(file.fileName(),
                             QStringLiteral("cannot create (it must not exist yet): %1")
                                 .arg(file.errorString()));
        log.exportJsonLines(file);
        err << "Exported " << log.head().count << " records from " << log.path() << "\n";
        return ExitDecided;
    }
    QByteArray buffer;
    {
        QBuffer device(&buffer);
        device.open(QIODevice::WriteOnly);
        log.exportJsonLines(device);
    }
    out << QString::fromUtf8(buffer);
    return ExitDecided;
}

int importLog(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("A `gatereview log export` file."));
    int code = ExitDecided;
    if (!parse(parser, QStringLiteral("import"), arguments, out, err, &code)) return code;
    if (parser.positionalArguments().size() != 1)
        throw InputError(QString(), QStringLiteral("give exactly one export file"));
    QFile file(parser.positionalArguments().first());
    if (!file.open(QIODevice::ReadOnly))
        throw InputError(file.fileName(),
                         QStringLiteral("cannot read: %1").arg(file.errorString()));
    DecisionLog log(resolveDecisionLogPath(parser.value(QStringLiteral("log"))));
    const qint64 imported = log.importJsonLines(file, file.fileName());
    out << "Imported " << imported << " records into " << log.path() << "; head "
        << log.head().toString() << "\n";
    return ExitDecided;
}

} // namespace gr::cli::logactions

#include "logcommand.h"
#include "logcommandactions.h"

#include "decisionlog/decisionlog.h"
#include "decisionlog/recordsigning.h"
#include "model/errors.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace gr::cli {
namespace logactions {

QCommandLineOption logOption()
{
    return {QStringLiteral("log"),
            QStringLiteral("The decision log: a file, or postgresql://USER@HOST:PORT/DBNAME "
                           "(password from PGPASSWORD or ~/.pgpass) (default: $GATEREVIEW_LOG, "
                           "else %1).")
                .arg(defaultDecisionLogPath()),
            QStringLiteral("LOCATION")};
}

bool parse(QCommandLineParser &parser, const QString &action, const QStringList &arguments,
           QTextStream &out, QTextStream &err, int *code)
{
    parser.addHelpOption();
    parser.addOption(logOption());
    if (!parser.parse(QStringList{QStringLiteral("gatereview log ") + action} + arguments)) {
        err << "gatereview log " << action << ": " << parser.errorText() << "\n";
        *code = ExitUsage;
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        *code = ExitDecided;
        return false;
    }
    return true;
}

void expectNoPositionals(const QCommandLineParser &parser)
{
    if (!parser.positionalArguments().isEmpty())
        throw InputError(
            QString(),
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
}

} // namespace logactions

namespace {

using namespace logactions;

const QString kUsage = QStringLiteral(
    "Usage: gatereview log ACTION [options]\n\n"
    "Actions:\n"
    "  list     the recorded decisions, oldest first (filters: --model --verdict --decision "
    "--author --since --until)\n"
    "  show ID  one record in full: decision, rationale, notes, evidence, chain hashes\n"
    "  verify   walk the hash chain and signatures; exit 1 naming each edited, reordered or\n"
    "           deleted record, bad signature or unknown signer (--expect-head, "
    "--allowed-signers)\n"
    "  record   record a decision on a gate report (--report --decision --rationale), signed\n"
    "           when you have a key\n"
    "  head     the chain head as COUNT:HASH, to write down outside the log\n"
    "  init     set up a PostgreSQL log: owner, writer and reader roles, schema, grants\n"
    "  policy   the log's own policy: --require-signed-promotions on|off (on PostgreSQL only\n"
    "           the schema owner may change it)\n"
    "  keygen   make your Ed25519 signing key; prints your allowed-signers line\n"
    "  export   the whole log as JSON Lines, every field and hash\n"
    "  import   a `log export` file into an empty log (either backend)\n\n"
    "Every action takes --log LOCATION: a file or postgresql://USER@HOST:PORT/DBNAME\n"
    "(default: $GATEREVIEW_LOG, else the per-user decision log).\n"
    "Run 'gatereview log ACTION --help' for its options.\n");

QDateTime parseDate(const QString &text, const char *option)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid()) {
        const QDate date = QDate::fromString(text, Qt::ISODate);
        if (date.isValid()) time = QDateTime(date, QTime(0, 0), Qt::UTC);
    }
    if (!time.isValid())
        throw InputError(
            QString(),
            QStringLiteral(
                "--%1 must be a date (2026-11-26) or UTC time (2026-11-26T14:00:00Z), not '%2'")
                .arg(QLatin1String(option), text));
    return time;
}

qint64 parseId(const QString &text, const char *what)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (!ok || id <= 0)
        throw InputError(QString(),
                         QStringLiteral("%1 must be a record id (a positive number), not '%2'")
                             .arg(QLatin1String(what), text));
    return id;
}

int listRecords(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("model"),
         QStringLiteral(
             "Only records whose champion or candidate label or model name contains TEXT."),
         QStringLiteral("TEXT")},
        {QStringLiteral("verdict"),
         QStringLiteral("Only records on this gate result: PROMOTED, NOT_PROMOTED or INVALID."),
         QStringLiteral("RESULT")},
        {QStringLiteral("decision"),
         QStringLiteral("Only records of this decision (%1).")
             .arg(decisionKindNames().join(QStringLiteral(", "))),
         QStringLiteral("KIND")},
        {QStringLiteral("author"), QStringLiteral("Only records by this author."),
         QStringLiteral("NAME")},
        {QStringLiteral("since"), QStringLiteral("Only records decided at or after DATE (UTC)."),
         QStringLiteral("DATE")},
        {QStringLiteral("until"), QStringLiteral("Only records decided before DATE (UTC)."),
         QStringLiteral("DATE")},
        {QStringLiteral("effective"), QStringLiteral("Hide records a later record supersedes.")},
        {QStringLiteral("json"), QStringLiteral("Print JSON instead of a table.")},
    });
    int code = ExitDecided;
    if (!parse(parser, QStringLiteral("list"), arguments, out, err, &code)) return code;
    if (!parser.positionalArguments().isEmpty())
        throw InputError(
            QString(),
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
    DecisionFilter filter;
    filter.model = parser.value(QStringLiteral("model"));
    filter.gateResult = parser.value(QStringLiteral("verdict")).toUpper();
    if (!filter.gateResult.isEmpty() &&
        !QStringList{QStringLiteral("PROMOTED"), QStringLiteral("NOT_PROMOTED"),
                     QStringLiteral("INVALID")}
             .contains(filter.gateResult))
        throw InputError(
            QString(),
            QStringLiteral("--verdict must be PROMOTED, NOT_PROMOTED or INVALID, not '%1'")
                .arg(parser.value(QStringLiteral("verdict"))));
    filter.decisionKind = parser.value(QStringLiteral("decision"));
    DecisionKind kind;
    if (!filter.decisionKind.isEmpty() && !decisionKindFromString(filter.decisionKind, &kind))
        throw InputError(QString(), QStringLiteral("--decision must be one of %1, not '%2'")
                                        .arg(decisionKindNames().join(QStringLiteral(", ")),
                                             filter.decisionKind));
    filter.author = parser.value(QStringLiteral("author"));
    if (parser.isSet(QStringLiteral("since")))
        filter.since = parseDate(parser.value(QStringLiteral("since")), "since");
    if (parser.isSet(QStringLiteral("until")))
        filter.until = parseDate(parser.value(QStringLiteral("until")), "until");
    filter.effectiveOnly = parser.isSet(QStringLiteral("effective"));

    const DecisionLog log(resolveDecisionLogPath(parser.value(QStringLiteral("log"))),
                          DecisionLog::OpenMode::ReadOnly);
    const QList<DecisionRecord> records = log.records(filter);
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const DecisionRecord &r : records)
            array.append(decisionRecordToJson(r, false));
        const QJsonObject doc{
            {QStringLiteral("schema"), QStringLiteral("gatereview/decision-log-list/v1")},
            {QStringLiteral("log"), log.path()},
            {QStringLiteral("records"), array}};
        out << QString::fromUtf8(QJsonDocument(doc).toJson(QJsonDocument::Indented));
        return ExitDecided;
    }
    if (records.isEmpty()) {
        out << "No matching decisions in " << log.path() << "\n";
        return ExitDecided;
    }
    out << QStringLiteral("%1  %2  %3  %4  %5  %6  %7\n")
               .arg(QStringLiteral("ID"), 4)
               .arg(QStringLiteral("DECIDED AT (UTC)"), -24)
               .arg(QStringLiteral("AUTHOR"), -12)
               .arg(QStringLiteral("GATE"), -12)
               .arg(QStringLiteral("DECISION"), -18)
               .arg(QStringLiteral("CHAMPION -> CANDIDATE"), -32)
               .arg(QStringLiteral("STATUS"));
    for (const DecisionRecord &r : records)
        out << QStringLiteral("%1  %2  %3  %4  %5  %6  %7\n")
                   .arg(r.id, 4)
                   .arg(toLogTimestamp(r.decision.decidedAt), -24)
                   .arg(r.decision.author, -12)
                   .arg(r.facts.gateResult, -12)
                   .arg(toString(r.decision.kind), -18)
                   .arg(recordedRunName(r.facts.champion) + QStringLiteral(" -> ") +
                            recordedRunName(r.facts.candidate),
                        -32)
                   .arg(recordStatus(r));
    return ExitDecided;
}

int showRecord(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("The record to show."));
    parser.addOption({QStringLiteral("json"),
                      QStringLiteral("Print the record and its full gate report as JSON.")});
    int code = ExitDecided;
    if (!parse(parser, QStringLiteral("show"), arguments, out, err, &code)) return code;
    if (parser.positionalArguments().size() != 1)
        throw InputError(QString(),
                         QStringLiteral("give exactly one record id (see `gatereview log list`)"));
    const qint64 id = parseId(parser.positionalArguments().first(), "ID");
    const DecisionLog log(resolveDecisionLogPath(parser.value(QStringLiteral("log"))),
                          DecisionLog::OpenMode::ReadOnly);
    const std::optional<DecisionRecord> r = log.record(id);
    if (!r)
        throw InputError(
            log.path(),
            QStringLiteral("there is no record %1 (the log holds %2)").arg(id).arg(log.count()));
    if (parser.isSet(QStringLiteral("json"))) {
        out << QString::fromUtf8(
            QJsonDocument(decisionRecordToJson(*r, true)).toJson(QJsonDocument::Indented));
        return ExitDecided;
    }
    out << decisionRecordToText(*r);
    return ExitDecided;
}

int verifyLog(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("expect-head"),
         QStringLiteral("Fail unless the log still extends this head (from `log head`)."),
         QStringLiteral("COUNT:HASH")},
        {QStringLiteral("allowed-signers"),
         QStringLiteral("Name each record's signer from this file (PRINCIPAL ed25519:KEY lines; "
                        "default: $GATEREVIEW_ALLOWED_SIGNERS); a key it lacks is a problem."),
         QStringLiteral("FILE")},
        {QStringLiteral("require-signed-promotions"),
         QStringLiteral("Unsigned promote_candidate and fast_track_review records are problems "
                        "(always so when the log's own policy requires signed promotions).")},
    });
    int code = ExitDecided;
    if (!parse(parser, QStringLiteral("verify"), arguments, out, err, &code)) return code;
    if (!parser.positionalArguments().isEmpty())
        throw InputError(
            QString(),
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
    const DecisionLog log(resolveDecisionLogPath(parser.value(QStringLiteral("log"))),
                          DecisionLog::OpenMode::ReadOnly);
    VerifyOptions options;
    if (parser.isSet(QStringLiteral("expect-head")))
        options.expectHead = ChainHead::parse(parser.value(QStringLiteral("expect-head")));
    const QString signersFile = parser.isSet(QStringLiteral("allowed-signers"))
                                    ? parser.value(QStringLiteral("allowed-signers"))
                                    : qEnvironmentVariable("GATEREVIEW_ALLOWED_SIGNERS");
    AllowedSigners signers;
    if (!signersFile.isEmpty()) {
        signers = AllowedSigners::load(signersFile);
        options.allowedSigners = &signers;
    }
    options.requireSignedPromotions = parser.isSet(QStringLiteral("require-signed-promotions"));
    const VerifyResult result = log.verify(options);
    if (result.policy.requireSignedPromotions)
        out << "Policy: " << result.policy.describe()
            << "; unsigned promote records are problems.\n";
    else if (result.requireSignedPromotions)
        out << "Policy: --require-signed-promotions (" << result.policy.describe()
            << "); unsigned promote records are problems.\n";
    if (options.allowedSigners)
        for (const auto &[id, status] : result.signatures)
            out << "  record " << id << ": " << status << "\n";
    if (result.intact()) {
        out << "Decision log " << log.path() << ": " << result.recordsChecked
            << " records, hash chain intact"
            << (options.expectHead ? QStringLiteral(", extends the anchored head %1")
                                         .arg(options.expectHead->toString())
                                   : QString())
            << ".\n";
        return ExitDecided;
    }
    out << "Decision log " << log.path()
        << (result.onlyPolicyProblems() ? " breaks its signing policy ("
                                        : " has been tampered with (")
        << result.problems.size() << " problem" << (result.problems.size() == 1 ? "" : "s")
        << " in " << result.recordsChecked << " records):\n";
    for (const VerifyProblem &p : result.problems)
        out << "  "
            << (p.recordId > 0 ? QStringLiteral("record %1: ").arg(p.recordId)
                               : QStringLiteral("log: "))
            << p.problem << "\n";
    return ExitFailure;
}

QJsonObject readReport(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw InputError(path,
                         QStringLiteral("cannot read the gate report: %1").arg(file.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        throw InputError(path, QStringLiteral("not valid JSON (%1 at byte %2); write the report "
                                              "with `gatereview gate --json FILE`")
                                   .arg(error.errorString())
                                   .arg(error.offset));
    if (!doc.isObject())
        throw InputError(path, QStringLiteral("not a gate report: the JSON is not an object"));
    gateReportFacts(doc.object(), path); // names the file when it is not a gate report
    return doc.object();
}

int recordDecision(QStringList arguments, QTextStream &out, QTextStream &err)
{
    // --notes-step takes two values (step, text), which QCommandLineParser cannot express.
    QMap<int, QString> notes;
    for (qsizetype i = arguments.indexOf(QStringLiteral("--notes-step")); i >= 0;
         i = arguments.indexOf(QStringLiteral("--notes-step"))) {
        if (i + 2 >= arguments.size())
            throw InputError(
                QString(),
                QStringLiteral("--notes-step takes a step number (1-4) and the notes text"));
        bool ok = false;
        const int step = arguments.at(i + 1).toInt(&ok);
        if (!ok || diagnosisStepTitle(step).isEmpty())
            throw InputError(QString(),
                             QStringLiteral("--notes-step: the step must be 1-4, not '%1'")
                                 .arg(arguments.at(i + 1)));
        notes.insert(step, arguments.at(i + 2));
        arguments.remove(i, 3);
    }
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("report"),
         QStringLiteral("The gate report decided on (`gatereview gate --json FILE`)."),
         QStringLiteral("REPORT.json")},
        {QStringLiteral("decision"),
         QStringLiteral("One of %1.").arg(decisionKindNames().join(QStringLiteral(", "))),
         QStringLiteral("D")},
        {QStringLiteral("rationale"), QStringLiteral("Why (required)."), QStringLiteral("TEXT")},
        {QStringLiteral("author"),
         QStringLiteral("Who decided (default: the OS user, %1).").arg(defaultAuthor()),
         QStringLiteral("NAME")},
        {QStringLiteral("supersedes"), QStringLiteral("The record this decision corrects."),
         QStringLiteral("ID")},
        {QStringLiteral("json"), QStringLiteral("Print the new record as JSON.")},
        {QStringLiteral("signing-key"),
         QStringLiteral("Sign the record with this Ed25519 key (default: %1 when it exists).")
             .arg(defaultSigningKeyPath()),
         QStringLiteral("FILE")},
        {QStringLiteral("unsigned"), QStringLiteral("Do not sign, even when a key exists.")},
        {QStringLiteral("require-signed-promotions"),
         QStringLiteral("Refuse to record an unsigned promote decision (the log refuses it "
                        "anyway when its policy requires signed promotions: `log policy`).")},
    });
    int code = ExitDecided;
    if (!parse(parser, QStringLiteral("record"), arguments, out, err, &code)) return code;
    if (!parser.positionalArguments().isEmpty())
        throw InputError(
            QString(),
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
    if (!parser.isSet(QStringLiteral("report")) || !parser.isSet(QStringLiteral("decision")) ||
        !parser.isSet(QStringLiteral("rationale")))
        throw InputError(
            QString(),
            QStringLiteral("--report, --decision and --rationale are required (see --help)"));
    Decision decision;
    if (!decisionKindFromString(parser.value(QStringLiteral("decision")), &decision.kind))
        throw InputError(QString(), QStringLiteral("--decision must be one of %1, not '%2'")
                                        .arg(decisionKindNames().join(QStringLiteral(", ")),
                                             parser.value(QStringLiteral("decision"))));
    decision.rationale = parser.value(QStringLiteral("rationale"));
    decision.author = parser.isSet(QStringLiteral("author"))
                          ? parser.value(QStringLiteral("author"))
                          : defaultAuthor();
    if (!parser.isSet(QStringLiteral("author")) && decision.author.isEmpty())
        throw InputError(QString(), QStringLiteral("--author is required here: the OS user is "
                                                   "unknown ($USER and $USERNAME are unset)"));
    decision.notes = notes;
    decision.gateReport = readReport(parser.value(QStringLiteral("report")));
    std::optional<qint64> supersedes;
    if (parser.isSet(QStringLiteral("supersedes")))
        supersedes = parseId(parser.value(QStringLiteral("supersedes")), "--supersedes");

    std::optional<SigningKey> key;
    if (parser.isSet(QStringLiteral("signing-key")))
        key = SigningKey::load(parser.value(QStringLiteral("signing-key")));
    else if (!parser.isSet(QStringLiteral("unsigned")) && QFile::exists(defaultSigningKeyPath()))
        key = SigningKey::load(defaultSigningKeyPath());
    if (!key && parser.isSet(QStringLiteral("require-signed-promotions")) &&
        isPromoteDecision(decision.kind))
        throw InputError(QString(), QStringLiteral("a %1 decision must be signed: make a key with "
                                                   "`gatereview log keygen` or pass --signing-key")
                                        .arg(toString(decision.kind)));

    DecisionLog log(resolveDecisionLogPath(parser.value(QStringLiteral("log"))));
    const DecisionRecord r = log.append(decision, supersedes, {}, key ? &*key : nullptr);
    if (parser.isSet(QStringLiteral("json")))
        out << QString::fromUtf8(
            QJsonDocument(decisionRecordToJson(r, false)).toJson(QJsonDocument::Indented));
    else
        out << "Recorded decision " << r.id << ": " << displayName(r.decision.kind)
            << " on gate result " << r.facts.gateResult << ", by " << r.decision.author << " at "
            << toLogTimestamp(r.decision.decidedAt)
            << (r.supersedes ? QStringLiteral(", superseding record %1").arg(*r.supersedes)
                             : QString())
            << (r.signerKey.isEmpty()
                    ? QString()
                    : QStringLiteral(", signed with key %1").arg(keyFingerprint(r.signerKey)))
            << "\n  in " << log.path() << "\n";
    return ExitDecided;
}

} // namespace

int LogCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const QString action = arguments.value(0);
    if (action == QLatin1String("--help") || action == QLatin1String("-h") ||
        action == QLatin1String("help")) {
        out << kUsage;
        return ExitDecided;
    }
    try {
        const QStringList rest = arguments.mid(1);
        if (action == QLatin1String("list")) return listRecords(rest, out, err);
        if (action == QLatin1String("show")) return showRecord(rest, out, err);
        if (action == QLatin1String("verify")) return verifyLog(rest, out, err);
        if (action == QLatin1String("record")) return recordDecision(rest, out, err);
        if (action == QLatin1String("head")) return printHead(rest, out, err);
        if (action == QLatin1String("init")) return initLog(rest, out, err);
        if (action == QLatin1String("policy")) return changePolicy(rest, out, err);
        if (action == QLatin1String("keygen")) return generateKey(rest, out, err);
        if (action == QLatin1String("export")) return exportLog(rest, out, err);
        if (action == QLatin1String("import")) return importLog(rest, out, err);
    } catch (const InputError &e) {
        err << "gatereview log " << action << ": " << e.message() << "\n";
        return ExitUsage;
    }
    err << (action.isEmpty() ? QStringLiteral("gatereview log: which action?\n")
                             : QStringLiteral("gatereview log: unknown action '%1'\n").arg(action))
        << kUsage;
    return ExitUsage;
}

} // namespace gr::cli

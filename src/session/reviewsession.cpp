#include "reviewsession.h"
#include "io/chunkedfile.h"
#include "model/decision.h"
#include "model/errors.h"
#include "model/numberparsing.h"
#include "model/redaction.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace gr {
namespace {

bool isAddress(const QString &input)
{
    // MLflow addresses and URIs stay as typed; only file paths are made relative.
    return input.contains(QLatin1String(":/"));
}

QString relativeTo(const QDir &base, const QString &input)
{
    if (input.isEmpty() || isAddress(input)) return input;
    return base.relativeFilePath(QFileInfo(input).absoluteFilePath());
}

QString absoluteFrom(const QDir &base, const QString &input)
{
    if (input.isEmpty() || isAddress(input) || QDir::isAbsolutePath(input)) return input;
    return QDir::cleanPath(base.absoluteFilePath(input));
}

qint64 lineAt(const QByteArray &text, int offset)
{
    return text.left(offset).count('\n') + 1;
}

class SessionReader
{
public:
    explicit SessionReader(QString path) : m_path(std::move(path)) {}

    [[noreturn]] void fail(const QString &problem) const { throw InputError(m_path, problem); }

    QString string(const QJsonObject &o, const char *key, const QString &where) const
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) return {};
        if (!v.isString())
            fail(QStringLiteral("%1.%2 must be a string").arg(where, QLatin1String(key)));
        return v.toString();
    }

    std::optional<double> threshold(const QJsonObject &o, const char *key,
                                    const QString &where) const
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) return std::nullopt;
        if (!v.isDouble() || !thresholdProblem(v.toDouble()).isEmpty())
            fail(QStringLiteral("%1.%2 must be a number in [0, 1]").arg(where, QLatin1String(key)));
        return v.toDouble();
    }

    QJsonObject object(const QJsonObject &o, const char *key) const
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) return {};
        if (!v.isObject()) fail(QStringLiteral("'%1' must be an object").arg(QLatin1String(key)));
        return v.toObject();
    }

    ReviewSession read(const QJsonObject &root) const
    {
        if (root.value(QStringLiteral("format")).toString() != QLatin1String(kReviewSessionFormat))
            fail(QStringLiteral("not a Gate Review session: 'format' must be \"%1\"")
                     .arg(QLatin1String(kReviewSessionFormat)));
        const QJsonValue version = root.value(QStringLiteral("version"));
        if (!version.isDouble() || version.toInt() < 1)
            fail(QStringLiteral("'version' must be a positive whole number"));
        if (version.toInt() > kReviewSessionVersion)
            fail(QStringLiteral("the session was saved by a newer Gate Review (format version %1; "
                                "this one reads up to %2): update Gate Review")
                     .arg(version.toInt())
                     .arg(kReviewSessionVersion));
        const QDir base = QFileInfo(m_path).absoluteDir();
        ReviewSession s;
        const QJsonObject inputs = object(root, "inputs");
        s.champion = absoluteFrom(base, string(inputs, "champion", QStringLiteral("inputs")));
        s.candidate = absoluteFrom(base, string(inputs, "candidate", QStringLiteral("inputs")));
        s.policy = absoluteFrom(base, string(inputs, "policy", QStringLiteral("inputs")));
        s.trackingUri = string(inputs, "tracking_uri", QStringLiteral("inputs"));
        if (s.champion.isEmpty() || s.candidate.isEmpty())
            fail(QStringLiteral("inputs.champion and inputs.candidate are required"));
        const QJsonObject thresholds = object(root, "thresholds");
        s.championThreshold = threshold(thresholds, "champion", QStringLiteral("thresholds"));
        s.candidateThreshold = threshold(thresholds, "candidate", QStringLiteral("thresholds"));
        const QJsonObject whatIf = object(root, "what_if");
        s.championWhatIf = threshold(whatIf, "champion", QStringLiteral("what_if"));
        s.candidateWhatIf = threshold(whatIf, "candidate", QStringLiteral("what_if"));
        const QJsonObject notes = object(root, "notes");
        for (auto it = notes.begin(); it != notes.end(); ++it) {
            bool ok = false;
            const int step = it.key().toInt(&ok);
            if (!ok || diagnosisStepTitle(step).isEmpty())
                fail(QStringLiteral("notes keys are diagnosis steps 1 to 4, not '%1'")
                         .arg(it.key()));
            if (!it.value().isString())
                fail(QStringLiteral("notes.%1 must be a string").arg(it.key()));
            s.notes.insert(step, it.value().toString());
        }
        const QJsonValue canary = inputs.value(QStringLiteral("canary_data"));
        if (!canary.isUndefined() && !canary.isNull()) {
            if (!canary.isArray())
                fail(QStringLiteral("inputs.canary_data must be a list of file names"));
            for (const QJsonValue &file : canary.toArray()) {
                if (!file.isString())
                    fail(QStringLiteral("inputs.canary_data must be a list of file names"));
                s.canaryData << absoluteFrom(base, file.toString());
            }
        }
        s.canaryPolicy =
            absoluteFrom(base, string(inputs, "canary_policy", QStringLiteral("inputs")));
        const QJsonObject resolved = object(root, "resolved");
        s.championIdentity = identity(resolved, "champion");
        s.candidateIdentity = identity(resolved, "candidate");
        return s;
    }

    SourceIdentity identity(const QJsonObject &resolved, const char *side) const
    {
        const QJsonObject o = object(resolved, side);
        const QString where = QStringLiteral("resolved.") + QLatin1String(side);
        SourceIdentity id;
        id.source = string(o, "source", where);
        id.modelName = string(o, "model_name", where);
        id.modelVersion = string(o, "model_version", where);
        id.alias = string(o, "alias", where);
        id.runId = string(o, "run_id", where);
        id.file = string(o, "file", where);
        id.sha256 = string(o, "sha256", where);
        return id;
    }

private:
    QString m_path;
};

} // namespace

ReviewSession parseReviewSession(const QByteArray &json, const QString &path)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        throw InputError(path, lineAt(json, error.offset),
                         QStringLiteral("malformed JSON: %1").arg(error.errorString()));
    if (!doc.isObject())
        throw InputError(path, QStringLiteral("a session file must hold one JSON object"));
    return SessionReader(path).read(doc.object());
}

ReviewSession loadReviewSession(const QString &path)
{
    return parseReviewSession(readInputFile(path, QStringLiteral("the session")), path);
}

QByteArray reviewSessionToJson(const ReviewSession &s, const QString &path)
{
    const QDir base = QFileInfo(path).absoluteDir();
    QJsonObject inputs{{QStringLiteral("champion"), relativeTo(base, s.champion)},
                       {QStringLiteral("candidate"), relativeTo(base, s.candidate)}};
    if (!s.policy.isEmpty()) inputs.insert(QStringLiteral("policy"), relativeTo(base, s.policy));
    // Credentials never go to disk: a session names the store, the environment authenticates.
    if (!s.trackingUri.isEmpty())
        inputs.insert(QStringLiteral("tracking_uri"), redactUri(s.trackingUri));
    auto pair = [](const std::optional<double> &champion, const std::optional<double> &candidate) {
        QJsonObject o;
        if (champion) o.insert(QStringLiteral("champion"), *champion);
        if (candidate) o.insert(QStringLiteral("candidate"), *candidate);
        return o;
    };
    if (!s.canaryData.isEmpty()) {
        QJsonArray canary;
        for (const QString &file : s.canaryData)
            canary.append(relativeTo(base, file));
        inputs.insert(QStringLiteral("canary_data"), canary);
    }
    if (!s.canaryPolicy.isEmpty())
        inputs.insert(QStringLiteral("canary_policy"), relativeTo(base, s.canaryPolicy));
    QJsonObject notes;
    for (auto it = s.notes.cbegin(); it != s.notes.cend(); ++it)
        notes.insert(QString::number(it.key()), it.value());
    auto identity = [](const SourceIdentity &id) {
        QJsonObject o;
        auto put = [&o](const char *key, const QString &value) {
            if (!value.isEmpty()) o.insert(QLatin1String(key), value);
        };
        put("source", id.source);
        put("model_name", id.modelName);
        put("model_version", id.modelVersion);
        put("alias", id.alias);
        put("run_id", id.runId);
        put("file", id.file); // absolute: it records what was read, not where to look
        put("sha256", id.sha256);
        return o;
    };
    QJsonObject root{
        {QStringLiteral("format"), QLatin1String(kReviewSessionFormat)},
        {QStringLiteral("version"), kReviewSessionVersion},
        {QStringLiteral("inputs"), inputs},
        {QStringLiteral("thresholds"), pair(s.championThreshold, s.candidateThreshold)},
        {QStringLiteral("what_if"), pair(s.championWhatIf, s.candidateWhatIf)},
        {QStringLiteral("notes"), notes}};
    if (!s.championIdentity.isEmpty() || !s.candidateIdentity.isEmpty())
        root.insert(QStringLiteral("resolved"),
                    QJsonObject{{QStringLiteral("champion"), identity(s.championIdentity)},
                                {QStringLiteral("candidate"), identity(s.candidateIdentity)}});
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

void saveReviewSession(const ReviewSession &session, const QString &path)
{
    QSaveFile f(path);
    const QByteArray data = reviewSessionToJson(session, path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.commit())
        throw InputError(path, QStringLiteral("cannot save the session: %1").arg(f.errorString()));
}

} // namespace gr

#include "decisiondraft.h"
#include "decisionrecord.h"
#include "model/errors.h"

#include <QDir>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUuid>

namespace gr {

namespace {

QJsonObject toJson(const DecisionDraft &d)
{
    QJsonObject notes;
    for (auto it = d.decision.notes.begin(); it != d.decision.notes.end(); ++it)
        notes.insert(QString::number(it.key()), it.value());
    return {{QStringLiteral("schema"), QStringLiteral("gatereview/decision-draft/v1")},
            {QStringLiteral("decision"), toString(d.decision.kind)},
            {QStringLiteral("rationale"), d.decision.rationale},
            {QStringLiteral("author"), d.decision.author},
            {QStringLiteral("notes"), notes},
            {QStringLiteral("gate_report"), d.decision.gateReport},
            {QStringLiteral("supersedes"),
             d.supersedes ? QJsonValue(double(*d.supersedes)) : QJsonValue()},
            {QStringLiteral("log"), d.logLocation},
            {QStringLiteral("failure"), d.failure},
            {QStringLiteral("saved_at"), toLogTimestamp(d.savedAt)}};
}

std::optional<DecisionDraft> fromJson(const QJsonObject &o, const QString &id)
{
    if (o.value(QLatin1String("schema")).toString() !=
        QLatin1String("gatereview/decision-draft/v1"))
        return std::nullopt;
    DecisionDraft d;
    d.id = id;
    if (!decisionKindFromString(o.value(QLatin1String("decision")).toString(), &d.decision.kind))
        return std::nullopt;
    d.decision.rationale = o.value(QLatin1String("rationale")).toString();
    d.decision.author = o.value(QLatin1String("author")).toString();
    const QJsonObject notes = o.value(QLatin1String("notes")).toObject();
    for (auto it = notes.begin(); it != notes.end(); ++it)
        d.decision.notes.insert(it.key().toInt(), it.value().toString());
    d.decision.gateReport = o.value(QLatin1String("gate_report")).toObject();
    if (o.value(QLatin1String("supersedes")).isDouble())
        d.supersedes = qint64(o.value(QLatin1String("supersedes")).toDouble());
    d.logLocation = o.value(QLatin1String("log")).toString();
    d.failure = o.value(QLatin1String("failure")).toString();
    d.savedAt =
        QDateTime::fromString(o.value(QLatin1String("saved_at")).toString(), Qt::ISODateWithMs);
    return d;
}

} // namespace

DecisionDraftStore::DecisionDraftStore(QString folder) : m_folder(std::move(folder))
{
}

QString DecisionDraftStore::defaultFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/drafts");
}

QString DecisionDraftStore::save(DecisionDraft draft)
{
    if (!QDir().mkpath(m_folder))
        throw InputError(m_folder, QStringLiteral("cannot create the drafts folder"));
    if (!draft.savedAt.isValid()) draft.savedAt = QDateTime::currentDateTimeUtc();
    draft.id = draft.savedAt.toUTC().toString(QStringLiteral("yyyyMMdd-HHmmsszzz-")) +
               QUuid::createUuid().toString(QUuid::Id128).left(8);
    const QString path = QDir(m_folder).filePath(draft.id + QStringLiteral(".json"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(QJsonDocument(toJson(draft)).toJson()) < 0 || !file.commit())
        throw InputError(path, QStringLiteral("cannot save the draft: %1").arg(file.errorString()));
    return draft.id;
}

QList<DecisionDraft> DecisionDraftStore::drafts() const
{
    QList<DecisionDraft> out;
    const QDir dir(m_folder);
    const QStringList names =
        dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name | QDir::Reversed);
    for (const QString &name : names) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly)) continue;
        const auto draft =
            fromJson(QJsonDocument::fromJson(file.readAll()).object(), name.chopped(5));
        if (draft) out << *draft;
    }
    return out;
}

std::optional<DecisionDraft> DecisionDraftStore::draftFor(const QJsonObject &gateReport) const
{
    for (const DecisionDraft &d : drafts())
        if (d.decision.gateReport == gateReport) return d;
    return std::nullopt;
}

void DecisionDraftStore::remove(const QString &id)
{
    if (id.contains(QLatin1Char('/')) || id.isEmpty()) return;
    QFile::remove(QDir(m_folder).filePath(id + QStringLiteral(".json")));
}

} // namespace gr

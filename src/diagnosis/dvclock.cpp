#include "dvclock.h"
#include "io/chunkedfile.h"
#include "io/yamlinput.h"
#include "model/errors.h"

#include <QMap>
#include <yaml-cpp/yaml.h>

namespace gr {
namespace {

class DvcLockParser : public YamlReader
{
public:
    using YamlReader::YamlReader;

    DvcLock parse(const YAML::Node &root) const
    {
        DvcLock lock;
        lock.file = m_file;
        if (!root.IsMap())
            fail(root, QStringLiteral("a dvc.lock must be a mapping with a 'stages' key"));
        const YAML::Node stages = root["stages"];
        if (!stages)
            fail(root, QStringLiteral("no 'stages' key: this does not look like a dvc.lock"));
        if (!stages.IsMap())
            fail(stages, QStringLiteral("'stages' must map stage names to their deps and outs"));
        for (const auto &stage : stages) {
            const QString name = QString::fromStdString(stage.first.Scalar());
            if (!stage.second.IsMap())
                fail(stage.second,
                     QStringLiteral("stage '%1' must be a mapping (cmd, deps, outs)").arg(name));
            entries(stage.second["deps"], name, QStringLiteral("dep"), lock.entries);
            entries(stage.second["outs"], name, QStringLiteral("out"), lock.entries);
        }
        return lock;
    }

private:
    void entries(const YAML::Node &list, const QString &stage, const QString &kind,
                 QList<DvcLockEntry> &out) const
    {
        if (!list) return;
        if (!list.IsSequence())
            fail(
                list,
                QStringLiteral("%1s of stage '%2' must be a list of {path, md5}").arg(kind, stage));
        for (const auto &item : list) {
            if (!item.IsMap() || !item["path"] || !item["path"].IsScalar())
                fail(item, QStringLiteral("each %1 of stage '%2' needs a 'path'").arg(kind, stage));
            DvcLockEntry e{stage, kind, QString::fromStdString(item["path"].Scalar()), {}};
            for (const char *hashKey : {"md5", "etag", "checksum", "hash"})
                if (item[hashKey] && item[hashKey].IsScalar()) {
                    e.md5 = QString::fromStdString(item[hashKey].Scalar());
                    break;
                }
            out.append(e);
        }
    }
};

QString keyOf(const DvcLockEntry &e)
{
    return e.stage + QChar(0) + e.kind + QChar(0) + e.path;
}

} // namespace

QString toString(Change change)
{
    switch (change) {
    case Change::Added:
        return QStringLiteral("added");
    case Change::Removed:
        return QStringLiteral("removed");
    case Change::Changed:
        return QStringLiteral("changed");
    }
    return {};
}

DvcLock parseDvcLock(const QByteArray &yaml, const QString &displayName)
{
    return DvcLockParser(displayName).parse(parseYaml(yaml, displayName));
}

DvcLock loadDvcLock(const QString &path)
{
    return parseDvcLock(readInputFile(path, QStringLiteral("the dvc.lock")), path);
}

DvcLockDiff diffDvcLocks(const DvcLock &champion, const DvcLock &candidate)
{
    // QMap keeps the changes ordered by stage, kind and path, whatever order the files list them.
    QMap<QString, DvcLockEntry> before, after;
    for (const DvcLockEntry &e : champion.entries)
        before.insert(keyOf(e), e);
    for (const DvcLockEntry &e : candidate.entries)
        after.insert(keyOf(e), e);
    QMap<QString, DvcLockChange> changes;
    DvcLockDiff diff;
    diff.championFile = champion.file;
    diff.candidateFile = candidate.file;
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        const DvcLockEntry &e = it.value();
        const auto other = after.constFind(it.key());
        if (other == after.cend())
            changes.insert(it.key(), {e.stage, e.kind, e.path, e.md5, {}, Change::Removed});
        else if (other->md5 != e.md5)
            changes.insert(it.key(), {e.stage, e.kind, e.path, e.md5, other->md5, Change::Changed});
        else
            ++diff.unchanged;
    }
    for (auto it = after.cbegin(); it != after.cend(); ++it)
        if (!before.contains(it.key()))
            changes.insert(it.key(), {it->stage, it->kind, it->path, {}, it->md5, Change::Added});
    diff.changes = changes.values();
    return diff;
}

} // namespace gr

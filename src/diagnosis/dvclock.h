#pragma once
// dvc.lock files record, per pipeline stage, the md5 of every dependency and output. Comparing
// the champion's and the candidate's lock tells which data or code changed between the runs.
#include <QList>
#include <QString>

namespace gr {

struct DvcLockEntry
{
    QString stage;
    QString kind; // "dep" or "out"
    QString path;
    QString md5; // md5, else etag/checksum/hash (DVC 3 and remote outputs record other fields)
};

struct DvcLock
{
    QString file;
    QList<DvcLockEntry> entries; // in file order
};

enum class Change
{
    Added,
    Removed,
    Changed
};
QString toString(Change change); // "added", "removed", "changed"

struct DvcLockChange
{
    QString stage, kind, path;
    QString championMd5, candidateMd5; // empty on the side where the entry is absent
    Change change = Change::Changed;
};

struct DvcLockDiff
{
    QString championFile, candidateFile;
    QList<DvcLockChange> changes; // ordered by stage, kind, path
    int unchanged = 0;
};

// Throws InputError naming the file and line of malformed YAML or an unexpected structure.
DvcLock loadDvcLock(const QString &path);
DvcLock parseDvcLock(const QByteArray &yaml, const QString &displayName);

DvcLockDiff diffDvcLocks(const DvcLock &champion, const DvcLock &candidate);

} // namespace gr

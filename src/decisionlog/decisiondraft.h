#pragma once
// A decision the log could not take (server unreachable, connection lost, disk full, no write
// permission) is kept as a draft on this machine so nothing the engineer wrote is lost; the
// record dialog offers it again, and removes it once it is recorded.
//
// One JSON file per draft (mode 0600: rationales can be confidential) in
// QStandardPaths::AppDataLocation + "/drafts", written atomically (QSaveFile).
#include "model/decision.h"

#include <optional>
#include <QDateTime>
#include <QList>

namespace gr {

struct DecisionDraft
{
    QString id; // assigned by save()
    Decision decision;
    std::optional<qint64> supersedes;
    QString logLocation; // where it was meant to go
    QString failure;     // why it is a draft
    QDateTime savedAt;
};

class DecisionDraftStore
{
public:
    explicit DecisionDraftStore(QString folder = defaultFolder());
    static QString defaultFolder();

    // Returns the draft's id. Throws InputError naming the file when it cannot be written.
    QString save(DecisionDraft draft);
    // Newest first; unreadable files are skipped (they stay on disk for the user to inspect).
    QList<DecisionDraft> drafts() const;
    // The newest draft decided on this gate report (same gate report document), if any.
    std::optional<DecisionDraft> draftFor(const QJsonObject &gateReport) const;
    void remove(const QString &id);

private:
    QString m_folder;
};

} // namespace gr

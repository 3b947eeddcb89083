#include "recentreviews.h"
#include "model/redaction.h"

#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace gr::ui {

namespace {
const QString kKey = QStringLiteral("recent/reviews");
const QChar kSeparator = QLatin1Char('\n'); // never part of a path a user can type

// One spelling per file ("demo/../demo/champion" and "demo/champion" are one entry).
QString normalized(const QString &source)
{
    if (source.isEmpty() || source.contains(QLatin1String(":/"))) return source; // an address
    return QDir::cleanPath(QFileInfo(source).absoluteFilePath());
}

QString encode(const ReviewInputs &i)
{
    return QStringList{normalized(i.champion), normalized(i.candidate), normalized(i.policy),
                       redactUri(i.trackingUri)} // credentials never go to disk
        .join(kSeparator);
}

// The same pair is one entry, whichever policy it was last opened with.
bool samePair(const QString &a, const QString &b)
{
    const QStringList x = a.split(kSeparator), y = b.split(kSeparator);
    return x.value(0) == y.value(0) && x.value(1) == y.value(1) && x.value(3) == y.value(3);
}

ReviewInputs decode(const QString &s)
{
    const QStringList p = s.split(kSeparator);
    ReviewInputs i;
    i.champion = p.value(0);
    i.candidate = p.value(1);
    i.policy = p.value(2);
    i.trackingUri = p.value(3);
    return i;
}
} // namespace

RecentReviews::RecentReviews(QMenu *menu, QObject *parent) : QObject(parent), m_menu(menu)
{
    rebuildMenu();
}

QList<ReviewInputs> RecentReviews::entries() const
{
    QList<ReviewInputs> list;
    for (const QString &s : QSettings().value(kKey).toStringList())
        list << decode(s);
    return list;
}

void RecentReviews::add(const ReviewInputs &inputs)
{
    QStringList list = QSettings().value(kKey).toStringList();
    const QString entry = encode(inputs);
    list.removeIf([&entry](const QString &e) { return samePair(e, entry); });
    list.prepend(entry);
    while (list.size() > kMaxEntries)
        list.removeLast();
    QSettings().setValue(kKey, list);
    rebuildMenu();
}

void RecentReviews::clear()
{
    QSettings().remove(kKey);
    rebuildMenu();
}

void RecentReviews::rebuildMenu()
{
    m_menu->clear();
    const QList<ReviewInputs> list = entries();
    for (int i = 0; i < list.size(); ++i) {
        const ReviewInputs inputs = list[i];
        QAction *a =
            m_menu->addAction(QStringLiteral("&%1  %2  vs  %3")
                                  .arg(i + 1 < 10 ? QString::number(i + 1) : QString::number(0))
                                  .arg(QFileInfo(inputs.champion).fileName(),
                                       QFileInfo(inputs.candidate).fileName()));
        a->setToolTip(
            QStringLiteral("%1\n%2\n%3").arg(inputs.champion, inputs.candidate, inputs.policy));
        a->setStatusTip(tr("Champion %1, candidate %2").arg(inputs.champion, inputs.candidate));
        connect(a, &QAction::triggered, this, [this, inputs] { emit openRequested(inputs); });
    }
    m_menu->setEnabled(!list.isEmpty());
    if (!list.isEmpty()) {
        m_menu->addSeparator();
        m_menu->addAction(tr("Clear recent"), this, &RecentReviews::clear);
    }
}

} // namespace gr::ui

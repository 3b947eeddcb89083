#pragma once
// The recently opened champion/candidate pairs (with their policy), kept in QSettings and shown
// as the File ▸ Recent menu.
#include "reviewstate.h"

#include <QObject>

class QMenu;

namespace gr::ui {

class RecentReviews : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxEntries = 10;
    explicit RecentReviews(QMenu *menu, QObject *parent = nullptr);

    void add(const ReviewInputs &inputs);
    QList<ReviewInputs> entries() const;
    void clear();

signals:
    void openRequested(const gr::ui::ReviewInputs &inputs);

private:
    void rebuildMenu();
    QMenu *m_menu;
};

} // namespace gr::ui

#pragma once
// Params and metrics of the champion's and the candidate's runs side by side, one row per key
// (params first, then metrics), differing rows in bold; optionally only the differences.
// A GUI-less adapter over two RunMetadata.
#include "model/run.h"

#include <QAbstractTableModel>

namespace gr::ui {

class RunDiffModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Kind,
        Key,
        Champion,
        Candidate,
        ColumnCount
    };
    static constexpr int DiffersRole = Qt::UserRole + 1;

    using QAbstractTableModel::QAbstractTableModel;
    void setRuns(const RunMetadata &champion, const RunMetadata &candidate);
    void setOnlyDifferences(bool only);
    int differenceCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        QString kind, key, champion, candidate;
        bool differs = false;
    };
    void rebuild();

    QList<Row> m_all, m_rows;
    bool m_onlyDifferences = false;
};

} // namespace gr::ui

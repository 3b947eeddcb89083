#pragma once
// The decision log as a table for the history view: a GUI-less adapter over DecisionRecords the
// page queries from the log. Superseded records stay visible, greyed and marked as such.
#include "decisionlog/decisionrecord.h"

#include <QAbstractTableModel>

namespace gr::ui {

class DecisionLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        IdColumn,
        DecidedAtColumn,
        AuthorColumn,
        DecisionColumn,
        GateResultColumn,
        ChampionColumn,
        CandidateColumn,
        StatusColumn,
        ColumnCount
    };
    enum Role
    {
        RecordIdRole = Qt::UserRole + 1,
        EffectiveRole
    };

    explicit DecisionLogModel(QObject *parent = nullptr);

    void setRecords(QList<DecisionRecord> records);
    const QList<DecisionRecord> &records() const { return m_records; }
    const DecisionRecord &recordAt(int row) const { return m_records.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<DecisionRecord> m_records;
};

} // namespace gr::ui

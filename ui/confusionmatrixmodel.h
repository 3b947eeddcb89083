#pragma once
// A 2x2 confusion matrix as a table model (rows: actual positive/negative; columns: predicted
// positive/negative), for one model or as the difference candidate − champion. A GUI-less
// adapter over core values: every number comes from the Confusion and CellValues given.
#include "metrics/confusion.h"

#include <QAbstractTableModel>

namespace gr::ui {

class ConfusionMatrixModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role
    {
        CountRole = Qt::UserRole + 1,
        RateRole,
        DollarsRole
    };

    explicit ConfusionMatrixModel(QObject *parent = nullptr);

    // One model: counts, row-normalised rates and dollars per cell.
    void setConfusion(const Confusion &confusion, const CellValues &values,
                      const QString &currency);
    // Candidate − champion: count and dollar differences per cell, coloured by gain or loss.
    void setDelta(const Confusion &champion, const Confusion &candidate, const CellValues &values,
                  const QString &currency);
    void clear();

    bool isDelta() const { return m_delta; }
    static Cell cellAt(int row, int column); // (0,0) TP, (0,1) FN, (1,0) FP, (1,1) TN

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    bool m_valid = false;
    bool m_delta = false;
    Confusion m_a, m_b; // single: m_a; delta: m_a champion, m_b candidate
    CellValues m_values;
    QString m_currency;
};

} // namespace gr::ui

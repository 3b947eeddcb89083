#include "metricstablemodel.h"
#include "gate/gatepolicy.h"

namespace gr::ui {

MetricsTableModel::MetricsTableModel(QObject *parent) : QAbstractTableModel(parent)
{
}

void MetricsTableModel::setMetrics(const ModelMetrics &champion, const ModelMetrics &candidate,
                                   const QString &currency)
{
    m_valid = true;
    m_metrics[0] = champion;
    m_metrics[1] = candidate;
    m_currency = currency;
    emit dataChanged(index(0, ChampionColumn), index(RowCount - 1, DeltaColumn));
}

void MetricsTableModel::setWhatIf(bool championWhatIf, bool candidateWhatIf)
{
    m_whatIf[0] = championWhatIf;
    m_whatIf[1] = candidateWhatIf;
    emit headerDataChanged(Qt::Horizontal, ChampionColumn, CandidateColumn);
}

void MetricsTableModel::clear()
{
    m_valid = false;
    emit dataChanged(index(0, 0), index(RowCount - 1, ColumnCount - 1));
}

double MetricsTableModel::valueOf(const ModelMetrics &m, int row)
{
    switch (row) {
    case Threshold:
        return m.threshold;
    case TP:
        return double(m.confusion.tp);
    case FP:
        return double(m.confusion.fp);
    case FN:
        return double(m.confusion.fn);
    case TN:
        return double(m.confusion.tn);
    case Precision:
        return m.precision;
    case Recall:
        return m.recall;
    case F1:
        return m.f1;
    case Accuracy:
        return m.accuracy;
    case Mcc:
        return m.mcc;
    case NetBenefit:
        return m.netBenefit.toDouble();
    default:
        return 0;
    }
}

int MetricsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : RowCount;
}

int MetricsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString MetricsTableModel::format(int row, double v, bool signedDelta) const
{
    const QString sign = signedDelta && v > 0 ? QStringLiteral("+") : QString();
    if (row == NetBenefit) return sign + formatMoney(v, m_currency);
    if (row >= TP && row <= TN) return sign + formatCount(qint64(v)); // 14,193, not 14193
    return sign + QString::number(v, 'f', 4);
}

QVariant MetricsTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const int row = index.row();
    if (index.column() == MetricColumn) {
        static const char *const kNames[RowCount] = {"Threshold",       "True positives",
                                                     "False positives", "False negatives",
                                                     "True negatives",  "Precision",
                                                     "Recall",          "F1",
                                                     "Accuracy",        "MCC",
                                                     "Net benefit"};
        return role == Qt::DisplayRole ? QVariant(tr(kNames[row])) : QVariant();
    }
    if (!m_valid) return {};
    const double champion = valueOf(m_metrics[0], row), candidate = valueOf(m_metrics[1], row);
    const double v = index.column() == ChampionColumn    ? champion
                     : index.column() == CandidateColumn ? candidate
                                                         : candidate - champion;
    switch (role) {
    case Qt::DisplayRole:
        return format(row, v, index.column() == DeltaColumn);
    case ValueRole:
        return v;
    case Qt::TextAlignmentRole:
        return int(Qt::AlignRight | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant MetricsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case MetricColumn:
        return tr("Metric");
    case ChampionColumn:
        return m_whatIf[0] ? tr("Champion (what-if)") : tr("Champion");
    case CandidateColumn:
        return m_whatIf[1] ? tr("Candidate (what-if)") : tr("Candidate");
    case DeltaColumn:
        return tr("Δ (cand. − champ.)");
    default:
        return {};
    }
}

} // namespace gr::ui

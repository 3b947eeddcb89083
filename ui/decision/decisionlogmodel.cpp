#include "decisionlogmodel.h"

#include <QColor>
#include <QFont>

namespace gr::ui {

DecisionLogModel::DecisionLogModel(QObject *parent) : QAbstractTableModel(parent)
{
}

void DecisionLogModel::setRecords(QList<DecisionRecord> records)
{
    beginResetModel();
    m_records = std::move(records);
    endResetModel();
}

int DecisionLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int DecisionLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DecisionLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DecisionRecord &r = m_records.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case IdColumn:
            return r.id;
        case DecidedAtColumn:
            return r.decision.decidedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
        case AuthorColumn:
            return r.decision.author;
        case DecisionColumn:
            return displayName(r.decision.kind);
        case GateResultColumn:
            return r.facts.gateResult;
        case ChampionColumn:
            return recordedRunName(r.facts.champion);
        case CandidateColumn:
            return recordedRunName(r.facts.candidate);
        case StatusColumn:
            if (r.supersededBy) return tr("Superseded by #%1").arg(*r.supersededBy);
            if (r.replacedBy) return tr("Replaced by #%1 (same pair)").arg(*r.replacedBy);
            return r.supersedes ? tr("Effective (corrects #%1)").arg(*r.supersedes)
                                : tr("Effective");
        }
        return {};
    case Qt::ToolTipRole:
        return r.decision.rationale;
    case Qt::ForegroundRole:
        return r.isCurrent() ? QVariant() : QVariant(QColor(Qt::gray));
    case Qt::FontRole:
        if (!r.isCurrent()) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == IdColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                                          : QVariant();
    case RecordIdRole:
        return r.id;
    case EffectiveRole:
        return r.isCurrent();
    }
    return {};
}

QVariant DecisionLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case IdColumn:
        return tr("#");
    case DecidedAtColumn:
        return tr("Decided at");
    case AuthorColumn:
        return tr("Author");
    case DecisionColumn:
        return tr("Decision");
    case GateResultColumn:
        return tr("Gate");
    case ChampionColumn:
        return tr("Champion");
    case CandidateColumn:
        return tr("Candidate");
    case StatusColumn:
        return tr("Status");
    }
    return {};
}

} // namespace gr::ui

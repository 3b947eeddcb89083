#include "rundiffview.h"
#include "rundiffmodel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace gr::ui {

RunDiffView::RunDiffView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("runDiffView"));
    m_model = new RunDiffModel(this);
    m_onlyDifferences = new QCheckBox(tr("Only differences"), this);
    m_onlyDifferences->setObjectName(QStringLiteral("onlyDifferences"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("diffSummary"));
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("diffTable"));
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_onlyDifferences);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    connect(m_onlyDifferences, &QCheckBox::toggled, m_model, &RunDiffModel::setOnlyDifferences);
}

void RunDiffView::setRuns(const RunMetadata &champion, const RunMetadata &candidate)
{
    m_model->setRuns(champion, candidate);
    m_summary->setText(tr("%n param(s)/metric(s) differ between the two runs.", nullptr,
                          m_model->differenceCount()));
    m_table->resizeColumnsToContents();
}

} // namespace gr::ui

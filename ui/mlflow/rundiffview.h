#pragma once
// The params/metrics diff between the champion's and the candidate's runs: a table with
// differing rows in bold and a switch to show only the differences.
#include "model/run.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QTableView;

namespace gr::ui {

class RunDiffModel;

class RunDiffView : public QWidget
{
    Q_OBJECT
public:
    explicit RunDiffView(QWidget *parent = nullptr);
    void setRuns(const RunMetadata &champion, const RunMetadata &candidate);
    RunDiffModel *model() const { return m_model; }

private:
    RunDiffModel *m_model;
    QCheckBox *m_onlyDifferences;
    QLabel *m_summary;
    QTableView *m_table;
};

} // namespace gr::ui

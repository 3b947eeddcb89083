#include "columnmappingdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace gr::ui {

namespace {
QComboBox *columnCombo(const QString &name, const QStringList &columns, int detected,
                       QWidget *parent)
{
    auto *combo = new QComboBox(parent);
    combo->setObjectName(name);
    combo->addItem(ColumnMappingDialog::tr("(choose a column)"), QString());
    for (const QString &c : columns)
        combo->addItem(c, c);
    combo->setCurrentIndex(detected + 1); // -1 (none found) selects the placeholder
    return combo;
}
} // namespace

ColumnMappingDialog::ColumnMappingDialog(const QString &path, const PredictionHeader &header,
                                         const ColumnMapping &current, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("columnMappingDialog"));
    setWindowTitle(tr("Columns of %1").arg(QFileInfo(path).fileName()));
    auto *intro = new QLabel(
        header.complete()
            ? tr("Which columns of %1 hold the row id, the true label and the score?").arg(path)
            : tr("%1 has no column with a usual name for every role (row_id, y_true, y_score). "
                 "Choose them:")
                  .arg(path),
        this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);
    m_id = columnCombo(QStringLiteral("columnId"), header.columns, header.id, this);
    m_label = columnCombo(QStringLiteral("columnLabel"), header.columns, header.label, this);
    m_score = columnCombo(QStringLiteral("columnScore"), header.columns, header.score, this);
    m_positive = new QLineEdit(current.positiveClass, this);
    m_positive->setObjectName(QStringLiteral("columnPositiveClass"));
    m_positive->setPlaceholderText(tr("only when labels are not 0/1 or true/false"));
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("columnProblem"));
    m_problem->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Row id:"), m_id);
    form->addRow(tr("True &label:"), m_label);
    form->addRow(tr("&Score:"), m_score);
    form->addRow(tr("&Positive class:"), m_positive);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setObjectName(QStringLiteral("columnMappingOk"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QComboBox *combo : {m_id, m_label, m_score})
        connect(combo, &QComboBox::currentIndexChanged, this, &ColumnMappingDialog::updateForm);
    updateForm();
}

ColumnMapping ColumnMappingDialog::mapping() const
{
    ColumnMapping m;
    m.idColumn = m_id->currentData().toString();
    m.labelColumn = m_label->currentData().toString();
    m.scoreColumn = m_score->currentData().toString();
    m.positiveClass = m_positive->text().trimmed();
    return m;
}

void ColumnMappingDialog::updateForm()
{
    const ColumnMapping m = mapping();
    QString problem;
    if (m.idColumn.isEmpty() || m.labelColumn.isEmpty() || m.scoreColumn.isEmpty())
        problem = tr("Choose a column for each role.");
    else if (m.idColumn == m.labelColumn || m.idColumn == m.scoreColumn ||
             m.labelColumn == m.scoreColumn)
        problem = tr("Each role needs its own column.");
    m_problem->setText(problem);
    m_ok->setEnabled(problem.isEmpty());
}

} // namespace gr::ui

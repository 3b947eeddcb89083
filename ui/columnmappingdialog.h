#pragma once
// Asks which columns of a prediction file hold the row id, the true label and the score, when the
// header has none of the usual names (or the engineer wants others). The choice becomes the
// side's ColumnMapping in the ReviewRequest, so the CLI's --id-column/--label-column/
// --score-column and the window read the same file the same way.
#include "io/predictionreader.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace gr::ui {

class ColumnMappingDialog : public QDialog
{
    Q_OBJECT
public:
    // `header` as readPredictionHeader() read it from `path` under `current`.
    ColumnMappingDialog(const QString &path, const PredictionHeader &header,
                        const ColumnMapping &current, QWidget *parent = nullptr);

    // The chosen columns by name (explicit for all three roles).
    ColumnMapping mapping() const;

private:
    void updateForm();

    QComboBox *m_id, *m_label, *m_score;
    QLineEdit *m_positive;
    QLabel *m_problem;
    QPushButton *m_ok;
};

} // namespace gr::ui

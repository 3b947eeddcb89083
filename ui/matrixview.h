#pragma once
// A compact table view for 2x2 matrices: cells stretch to fill, several text lines per cell.
#include <QTableView>

namespace gr::ui {

class MatrixView : public QTableView
{
    Q_OBJECT
public:
    explicit MatrixView(const QString &name, QWidget *parent = nullptr);
};

} // namespace gr::ui

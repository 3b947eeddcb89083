#include "matrixview.h"

#include <QHeaderView>

namespace gr::ui {

MatrixView::MatrixView(const QString &name, QWidget *parent) : QTableView(parent)
{
    setTabKeyNavigation(false); // Tab leaves the table; arrows move within it
    setObjectName(name);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    setWordWrap(true);
    setSelectionMode(QAbstractItemView::NoSelection);
    setFocusPolicy(Qt::NoFocus);
    setMinimumSize(300, 170);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
}

} // namespace gr::ui

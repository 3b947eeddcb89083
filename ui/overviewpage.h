#pragma once
// The first page: the mismatch banner (when the test sets differ), one card per run and the gate
// panel with the verdict and why.
#include "reviewstate.h"

#include <QWidget>

namespace gr::ui {

class OverviewPage : public QWidget
{
    Q_OBJECT
public:
    OverviewPage(ReviewState *state, QWidget *parent = nullptr);
};

} // namespace gr::ui

#pragma once
// A page whose rebuild is costly (plots sampled from million-point sweeps). While it is hidden, a
// new review, new what-if values or a theme change only mark it stale, and it rebuilds when it is
// next shown: a new review's verdict page is painted without waiting for pages nobody is looking
// at (at 10M rows this took a third of the UI thread's work when the verdict arrived).
#include <QEvent>
#include <QWidget>

namespace gr::ui {

class LazyPage : public QWidget
{
public:
    using QWidget::QWidget;

protected:
    // Recomputes the page from the review; restyles it after a theme change.
    virtual void rebuild() = 0;
    virtual void restyle() = 0;

    // Rebuilds now when the page is visible, otherwise when it is next shown.
    void rebuildWhenShown()
    {
        m_stale = !isVisible();
        if (!m_stale) rebuild();
    }
    // What the page shows is out of date (it is hidden): partial updates can wait for the rebuild.
    bool isStale() const { return m_stale; }

    void showEvent(QShowEvent *event) override
    {
        QWidget::showEvent(event);
        if (m_stale) {
            m_stale = false;
            rebuild();
        }
    }

    void changeEvent(QEvent *event) override
    {
        QWidget::changeEvent(event);
        if (event->type() != QEvent::PaletteChange) return;
        if (isVisible())
            restyle();
        else
            m_stale = true;
    }

private:
    bool m_stale = false;
};

} // namespace gr::ui

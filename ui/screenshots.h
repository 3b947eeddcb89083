#pragma once
// Documentation screenshots: once the review has loaded, grab every page of the window as a PNG
// into a folder and quit. Run under Xvfb (see docs/screenshots/README.md).
#include <QString>

namespace gr::ui {

class MainWindow;

// Arms the window: after the next successful load, writes <dir>/<NN>-<page>.png and quits the
// application (exit code 1 when the load fails or a file cannot be written).
void captureScreenshotsAfterLoad(MainWindow *window, const QString &dir,
                                 const QString &suffix = {});

} // namespace gr::ui

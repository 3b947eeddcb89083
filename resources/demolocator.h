#pragma once
#include <QString>

namespace gr {

// The folder holding the bundled demo (champion/, candidate/, policy.yaml): $GATEREVIEW_DEMO_DIR,
// else the installed share/gatereview/demo beside the executable, else the source tree's copy.
// Empty when none exists.
QString demoDirectory();

} // namespace gr

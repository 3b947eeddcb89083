#pragma once
#include <array>
#include <QString>

namespace gr::ui {
// Starts the review window: `gatereview`, `gatereview --demo`, `gatereview CHAMPION CANDIDATE`.
int runGui(int argc, char *argv[]);

// Reads `--what-if CHAMPION,CANDIDATE` under the one threshold rule every other entry point
// follows (finite, in [0, 1]); throws InputError naming the option and the value.
std::array<double, 2> parseWhatIfOption(const QString &value);
} // namespace gr::ui

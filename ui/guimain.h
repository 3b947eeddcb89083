#pragma once

namespace gr::ui {
// Starts the review window: `gatereview`, `gatereview --demo`, `gatereview CHAMPION CANDIDATE`.
int runGui(int argc, char *argv[]);
} // namespace gr::ui

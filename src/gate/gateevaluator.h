#pragma once
// Evaluates layers 1-3 of the gate for a champion and a candidate run. Layer 4 (canary) is
// attached separately when canary data exists; without it the layer reads NOT_RUN.
#include "gatereport.h"

namespace gr {

class TaskControl;

struct GateOptions
{
    QDateTime now; // injected for reproducible reports; current UTC time when null
};

// Heavy work (both sweeps) runs on two threads. Throws Cancelled when `control` is cancelled.
GateReport evaluateGate(std::shared_ptr<const Run> champion, std::shared_ptr<const Run> candidate,
                        const GatePolicy &policy, TaskControl *control = nullptr,
                        const GateOptions &options = {});

// Replaces layer 4 with a canary outcome (the verdict of layers 1-3 is unchanged).
void attachCanaryLayer(GateReport &report, const LayerOutcome &canary);

} // namespace gr

#pragma once
// Runs often log the cost matrix they were tuned for as params (`cost.tp_usd`, `cost.fp_usd`,
// `cost.fn_usd`, `cost.tn_usd`). The gate always prices outcomes with the policy's values; when a
// run logged different ones the dollars on screen are not the ones its team expects, so the review
// says so, naming both values.
#include "gate/gatepolicy.h"
#include "model/run.h"

#include <QStringList>

namespace gr {

// One message per cell whose logged value differs from the policy's (empty when they agree or
// the run logged none). `side` names the run ("champion", "candidate").
QStringList costParamWarnings(const RunMetadata &meta, const GatePolicy &policy,
                              const QString &side);

} // namespace gr

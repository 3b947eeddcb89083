#pragma once
// Test-set evidence from run metadata: the eval data set each run logged (MLflow dataset inputs:
// name, digest, source) compared beside the row-level fingerprint check. The rows decide whether
// the gate can compare; the digests explain a mismatch in the terms the training code used.
#include "gatereport.h"

namespace gr {

// The eval data set of a run (context "eval", else "evaluation" / "test" / "validation"), if any.
const DatasetInput *evalDataset(const QList<DatasetInput> &datasets);

struct DatasetEvidence
{
    enum class State
    {
        Unknown,
        Same,
        Different
    };
    State state = State::Unknown;
    QString championName, championDigest, championSource;
    QString candidateName, candidateDigest, candidateSource;

    QString summary() const; // one sentence naming both digests
    // The layer-3 check "cicd.eval_dataset"; FAIL only when the rows differ too, because a digest
    // can change with features while the rows and labels stay the same.
    CheckOutcome check(bool rowsIdentical) const;
};

DatasetEvidence compareEvalDatasets(const RunMetadata &champion, const RunMetadata &candidate);

} // namespace gr

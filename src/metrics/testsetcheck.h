#pragma once
// The fixed test set is the scientific control: two models compare only when they were scored on
// exactly the same rows with the same labels. This pairs the rows of two prediction sets by id
// (file order may differ) and gives a precise account when they do not match.
#include "model/predictionset.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace gr {

struct LabelDisagreement
{
    QString rowId;
    int championLabel = 0;
    int candidateLabel = 0;
};

struct TestSetCheck
{
    bool identical = false;
    qint64 championRows = 0, candidateRows = 0;
    qint64 sharedRows = 0;
    qint64 positives = 0; // in the champion's test set
    QString championFingerprint, candidateFingerprint;
    qint64 onlyInChampion = 0, onlyInCandidate = 0, labelDisagreements = 0;
    QStringList firstOnlyInChampion, firstOnlyInCandidate; // up to kExamples each
    QList<LabelDisagreement> firstDisagreements;
    // For each champion row, the candidate row with the same id; empty when both files list the
    // rows in the same order (then row i pairs with row i). Filled only when the sets are
    // identical.
    std::vector<uint32_t> candidateRowFor;

    static constexpr int kExamples = 5;
    QString fingerprint() const { return identical ? championFingerprint : QString(); }
    size_t candidateRow(size_t championRow) const
    {
        return candidateRowFor.empty() ? championRow : candidateRowFor[championRow];
    }
    QString summary() const; // one paragraph, for people
};

TestSetCheck checkTestSet(const PredictionSet &champion, const PredictionSet &candidate);

} // namespace gr

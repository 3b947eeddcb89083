#include "testsetcheck.h"
#include "model/money.h"

#include <QSet>

namespace gr {
namespace {

bool sameOrderAndIds(const PredictionSet &a, const PredictionSet &b)
{
    if (a.size() != b.size()) return false;
    if (a.ids.isNumeric() && b.ids.isNumeric()) {
        for (size_t i = 0; i < a.size(); ++i)
            if (a.ids.integerAt(i) != b.ids.integerAt(i)) return false;
        return true;
    }
    for (size_t i = 0; i < a.size(); ++i)
        if (!RowIds::sameId(a.ids, i, b.ids, i)) return false;
    return true;
}

void noteDisagreement(TestSetCheck &check, const PredictionSet &champion, size_t i,
                      const PredictionSet &candidate, size_t j)
{
    if (champion.labels[i] == candidate.labels[j]) return;
    ++check.labelDisagreements;
    if (check.firstDisagreements.size() < TestSetCheck::kExamples)
        check.firstDisagreements.append(
            {champion.ids.toString(i), champion.labels[i], candidate.labels[j]});
}

void noteOnly(qint64 &count, QStringList &examples, const PredictionSet &set, size_t i)
{
    ++count;
    if (examples.size() < TestSetCheck::kExamples) examples << set.ids.toString(i);
}

// Ids of one kind (both integer or both text) share a canonical order: merge the two sorted views.
void mergeByCanonicalOrder(TestSetCheck &check, const PredictionSet &ch, const PredictionSet &ca,
                           bool keepPairing)
{
    if (keepPairing) check.candidateRowFor.assign(ch.size(), 0);
    size_t a = 0, b = 0;
    while (a < ch.size() || b < ca.size()) {
        if (b == ca.size()) {
            noteOnly(check.onlyInChampion, check.firstOnlyInChampion, ch, ch.rowInIdOrder(a++));
            continue;
        }
        if (a == ch.size()) {
            noteOnly(check.onlyInCandidate, check.firstOnlyInCandidate, ca, ca.rowInIdOrder(b++));
            continue;
        }
        const size_t i = ch.rowInIdOrder(a), j = ca.rowInIdOrder(b);
        const int cmp = RowIds::compare(ch.ids, i, ca.ids, j);
        if (cmp < 0) {
            noteOnly(check.onlyInChampion, check.firstOnlyInChampion, ch, i);
            ++a;
        } else if (cmp > 0) {
            noteOnly(check.onlyInCandidate, check.firstOnlyInCandidate, ca, j);
            ++b;
        } else {
            ++check.sharedRows;
            noteDisagreement(check, ch, i, ca, j);
            if (keepPairing) check.candidateRowFor[i] = uint32_t(j);
            ++a;
            ++b;
        }
    }
}

// Mixed id kinds (one file has only integer ids, the other some text ids) cannot be the same
// set; compare as text through a hash set to describe the difference.
void compareAsText(TestSetCheck &check, const PredictionSet &ch, const PredictionSet &ca)
{
    QHash<QString, size_t> inCandidate;
    for (size_t j = 0; j < ca.size(); ++j)
        inCandidate.insert(ca.ids.toString(j), j);
    QSet<QString> seen;
    for (size_t i = 0; i < ch.size(); ++i) {
        const QString id = ch.ids.toString(i);
        const auto it = inCandidate.constFind(id);
        if (it == inCandidate.constEnd()) {
            noteOnly(check.onlyInChampion, check.firstOnlyInChampion, ch, i);
        } else {
            ++check.sharedRows;
            seen.insert(id);
            noteDisagreement(check, ch, i, ca, it.value());
        }
    }
    for (size_t j = 0; j < ca.size(); ++j)
        if (!seen.contains(ca.ids.toString(j)))
            noteOnly(check.onlyInCandidate, check.firstOnlyInCandidate, ca, j);
}

} // namespace

TestSetCheck checkTestSet(const PredictionSet &champion, const PredictionSet &candidate)
{
    TestSetCheck check;
    check.championRows = qint64(champion.size());
    check.candidateRows = qint64(candidate.size());
    check.positives = champion.positives;
    check.championFingerprint = champion.fingerprint;
    check.candidateFingerprint = candidate.fingerprint;

    if (sameOrderAndIds(champion, candidate)) {
        check.sharedRows = check.championRows;
        for (size_t i = 0; i < champion.size(); ++i)
            noteDisagreement(check, champion, i, candidate, i);
    } else if (champion.ids.isNumeric() == candidate.ids.isNumeric()) {
        mergeByCanonicalOrder(check, champion, candidate, true);
    } else {
        compareAsText(check, champion, candidate);
    }
    check.identical =
        check.onlyInChampion == 0 && check.onlyInCandidate == 0 && check.labelDisagreements == 0;
    if (!check.identical) std::vector<uint32_t>().swap(check.candidateRowFor);
    return check;
}

QString TestSetCheck::summary() const
{
    if (identical)
        return QStringLiteral("Same test set: %1 rows (%2 positive), fingerprint %3.")
            .arg(formatCount(championRows), formatCount(positives), championFingerprint.left(12));
    QStringList parts;
    parts << QStringLiteral("Different test sets — this would compare data, not models.");
    parts << QStringLiteral("Champion %1 rows, candidate %2 rows, %3 shared.")
                 .arg(formatCount(championRows), formatCount(candidateRows),
                      formatCount(sharedRows));
    if (onlyInChampion > 0)
        parts << QStringLiteral("%1 rows only in the champion (e.g. %2).")
                     .arg(formatCount(onlyInChampion))
                     .arg(firstOnlyInChampion.join(QStringLiteral(", ")));
    if (onlyInCandidate > 0)
        parts << QStringLiteral("%1 rows only in the candidate (e.g. %2).")
                     .arg(formatCount(onlyInCandidate))
                     .arg(firstOnlyInCandidate.join(QStringLiteral(", ")));
    if (labelDisagreements > 0) {
        QStringList ex;
        for (const auto &d : firstDisagreements)
            ex << QStringLiteral("%1: %2 vs %3")
                      .arg(d.rowId)
                      .arg(d.championLabel)
                      .arg(d.candidateLabel);
        parts << QStringLiteral("%1 shared rows have different labels (e.g. %2).")
                     .arg(labelDisagreements)
                     .arg(ex.join(QStringLiteral("; ")));
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace gr

#pragma once
// Confusion counts at one threshold and the metrics derived from them. The conventions follow
// scikit-learn with zero_division=0: a ratio whose denominator is zero is 0.
#include "model/money.h"

#include <cstdint>

namespace gr {

enum class Cell
{
    TP = 0,
    FP = 1,
    FN = 2,
    TN = 3
};

struct Confusion
{
    int64_t tp = 0, fp = 0, fn = 0, tn = 0;

    int64_t total() const { return tp + fp + fn + tn; }
    int64_t count(Cell c) const;
    double precision() const;
    double recall() const;
    double f1() const;
    double accuracy() const;
    double mcc() const;
    bool operator==(const Confusion &) const = default;
};

// Exact money per test row, by confusion cell.
struct CellValues
{
    Money tp = Money::fromUnits(500), fp = Money::fromUnits(-100), fn = Money::fromUnits(-300), tn;
    Money of(Cell c) const;
    // Exact; throws MoneyOverflow when the total leaves the money range.
    Money netBenefit(const Confusion &c) const;
    bool operator==(const CellValues &) const = default;
};

// The cell a row falls into given its label and whether it was predicted positive.
inline Cell cellOf(bool label, bool predictedPositive)
{
    return label ? (predictedPositive ? Cell::TP : Cell::FN)
                 : (predictedPositive ? Cell::FP : Cell::TN);
}

const char *cellName(Cell c); // "tp", "fp", "fn", "tn"

} // namespace gr

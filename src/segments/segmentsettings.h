#pragma once
// What the "Where it lost" analysis looks at and how, from the policy's `segments:` map (README
// "Policy format", docs/segments.md). The defaults apply when the policy has no such map.
#include <cstdint>
#include <QJsonObject>
#include <QStringList>

namespace gr {

struct SegmentSettings
{
    QStringList include; // only these extra columns (each must exist in one of the files)
    QStringList exclude; // never these
    int topK = 5;        // slices reported
    int maxLevel = 3;    // predicates per slice
    double alpha = 0.6;  // SliceLine's weight of the error term (the sliceline package's default)
    // Smallest slice, in rows; 0: automatic, max(10, 1% of the rows rounded up).
    int64_t minSupport = 0;
    int numericBins = 5;    // quantile bins of a numeric column
    int maxCategories = 50; // a text column with more distinct values is left out
    double fdr = 0.05;      // Benjamini–Hochberg false discovery rate of the segment flags

    int64_t minSupportFor(int64_t rows) const
    {
        if (minSupport > 0) return minSupport;
        return std::max<int64_t>(10, (rows + 99) / 100);
    }
    bool operator==(const SegmentSettings &) const = default;
    QJsonObject toJson() const;
};

} // namespace gr

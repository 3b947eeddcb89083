#pragma once
// Segment columns: the columns of a prediction file beside the id, label and score ("plan",
// "region", "tenure_months"), dictionary-coded — one byte per row and a short list of values per
// column, never a string per row. The two runs share a test set, so a column both files carry
// must hold the same value for every row id; a column one file carries is used as it is.
//
// How a column becomes segments (docs/segments.md):
//  - text: every distinct value is a segment; more than maxCategories distinct values (an id,
//    an e-mail...) and the column is left out with a note;
//  - numbers: at most 2 x numericBins distinct values are used as they are; otherwise numericBins
//    quantile bins: edges at the k/numericBins quantiles of the present values (numpy's linear
//    rule), equal edges merged, bins closed on the left ("[0.12, 0.4)") and the last one closed
//    on both sides; whole numbers that are all distinct look like an id and are left out;
//  - a missing value (empty, NA, N/A, NaN, null, None) is its own segment "(missing)"; a column
//    with no value at all is left out with a note.
#include "segmentsettings.h"

#include <cstdint>
#include <QString>
#include <QStringList>
#include <vector>

namespace gr {

class TaskControl;
struct ColumnMapping;
struct PredictionSet;
struct TestSetCheck;

struct SegmentColumn
{
    enum class Kind
    {
        Categorical,
        Binned
    };
    QString name;
    Kind kind = Kind::Categorical;
    QStringList values;         // the dictionary: code -> value label
    std::vector<uint8_t> codes; // one per row, in the champion's row order
    std::vector<double> edges;  // Binned: the bin edges, values.size() - missing + 1 of them
    QString source;             // "both files", or the one file that carries it
};

struct SegmentColumns
{
    std::vector<SegmentColumn> columns;
    QStringList notes; // columns left out and why

    static const QString &missingLabel(); // "(missing)"
};

// One prediction file's extra columns, read in a separate pass over the file (the prediction
// reader stays untouched): values as read, before the two runs are reconciled.
struct RawSegmentColumn
{
    QString name;
    bool numeric = true;                 // every present value parsed as a finite number
    bool tooManyValues = false;          // more than the dictionary cap of distinct texts
    std::vector<std::string> dictionary; // texts, while not tooManyValues
    std::vector<uint8_t> codes;          // per file row; kMissing for a missing value
    std::vector<double> numbers;         // per file row while numeric; NaN when missing
    int64_t missing = 0;
    static constexpr uint8_t kMissing = 255;
};

struct RawSegmentFile
{
    QString path;
    std::vector<RawSegmentColumn> columns;
};

// Reads the extra columns of `path` (those not the id, label or score under `mapping`, filtered by
// the settings' include/exclude). `rows` is the row count the prediction reader found; a file
// that changed in between is an InputError. Returns no columns, having read only the first
// chunk, when the file has no extra columns.
RawSegmentFile readSegmentColumnsOfFile(const QString &path, const ColumnMapping &mapping,
                                        size_t rows, const SegmentSettings &settings,
                                        const TaskControl *control = nullptr);

// Reconciles both files' columns into segments in the champion's row order. Throws InputError
// naming the first rows (ids and lines) whose values differ, and for an included column neither
// file has.
SegmentColumns
reconcileSegmentColumns(const RawSegmentFile &champion, const PredictionSet &championRows,
                        const RawSegmentFile &candidate, const PredictionSet &candidateRows,
                        const TestSetCheck &pairing, const SegmentSettings &settings);

// The quantile edges used for binning (exposed for tests): sorted, distinct, first = min,
// last = max of the present values.
std::vector<double> quantileEdges(std::vector<double> present, int bins);
QString binLabel(double low, double high, bool last);

} // namespace gr

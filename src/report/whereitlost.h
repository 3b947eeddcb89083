#pragma once
// The "Where it lost" section every report format carries when the prediction files have segment
// columns: the top slices of the candidate's loss and the segments that lost most, built once
// here so the text, Markdown, JSON, HTML and PDF outputs say the same thing.
#include "reportdocument.h"

namespace gr {

struct SegmentAnalysis;

// How the numbers were found, in one paragraph (columns, SliceLine settings, the tests).
QString whereItLostMethod(const SegmentAnalysis &analysis);
// [0] the top slices, [1] the first `segmentRows` segments (flagged first, then most lost).
QList<ReportTable> whereItLostTables(const SegmentAnalysis &analysis, int segmentRows = 10);
QString whereItLostText(const SegmentAnalysis &analysis, int segmentRows = 10);
QString whereItLostMarkdown(const SegmentAnalysis &analysis, int segmentRows = 10);

} // namespace gr

#pragma once
// Slice-finding input that owns its columns, for generated test and bench data (SliceInput only
// points at columns held elsewhere).
#include "segments/sliceline.h"

#include <cstdint>
#include <vector>

namespace gr::test {

struct SliceData
{
    std::vector<std::vector<uint8_t>> columns;
    std::vector<int> cardinality;
    std::vector<uint8_t> rowClass;
    std::vector<int64_t> lossOfClass;

    SliceInput input() const
    {
        SliceInput in;
        in.rows = int64_t(rowClass.size());
        for (const auto &c : columns)
            in.columns.push_back(c.data());
        in.cardinality = cardinality;
        in.rowClass = rowClass.data();
        in.lossOfClass = lossOfClass;
        return in;
    }
};

} // namespace gr::test

#pragma once
// Finds a repeated row id while a prediction file is being read, so a duplicate on line 3 of a
// 10M-row file is reported at once instead of after the whole file has been loaded and sorted.
// Ids arriving in ascending order (the usual case) cost one comparison each; from the first id
// out of order on, row indices go into an open-addressing hash table (4 bytes per slot).
#include "model/predictionset.h"

#include <optional>

namespace gr {

class DuplicateIdCheck
{
public:
    // Call after each RowIds::append. Returns the row that already had the newest id, if any.
    std::optional<size_t> addLast(const RowIds &ids);

private:
    void startTable(const RowIds &ids, size_t rows);
    std::optional<size_t> insert(const RowIds &ids, size_t row);
    static uint64_t hashOf(const RowIds &ids, size_t row);

    bool m_numeric = true;
    bool m_inOrder = true;
    std::vector<uint32_t> m_slots; // row + 1; 0 marks an empty slot
    size_t m_used = 0;
};

} // namespace gr

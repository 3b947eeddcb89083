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
    // Inline for the usual case, ids still in ascending order: one comparison.
    std::optional<size_t> addLast(const RowIds &ids)
    {
        const size_t row = ids.size() - 1;
        if (m_inOrder && ids.isNumeric() == m_numeric && (row == 0 || ids.less(row - 1, row)))
            return std::nullopt;
        return addLastOutOfOrder(ids);
    }

private:
    std::optional<size_t> addLastOutOfOrder(const RowIds &ids);
    void startTable(const RowIds &ids, size_t rows);
    std::optional<size_t> insert(const RowIds &ids, size_t row);
    static uint64_t hashOf(const RowIds &ids, size_t row);

    bool m_numeric = true;
    bool m_inOrder = true;
    std::vector<uint32_t> m_slots; // row + 1; 0 marks an empty slot
    size_t m_used = 0;
};

} // namespace gr

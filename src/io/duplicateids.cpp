#include "duplicateids.h"

#include <functional>

namespace gr {

uint64_t DuplicateIdCheck::hashOf(const RowIds &ids, size_t row)
{
    if (!ids.isNumeric()) return std::hash<std::string_view>{}(ids.textAt(row));
    // splitmix64's finaliser: sequential and strided integer ids spread over every slot.
    uint64_t x = uint64_t(ids.integerAt(row));
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::optional<size_t> DuplicateIdCheck::insert(const RowIds &ids, size_t row)
{
    if ((m_used + 1) * 10 > m_slots.size() * 7) { // keep the load under 70%: grow and rehash
        std::vector<uint32_t> old(std::max<size_t>(m_slots.size() * 2, 1024), 0);
        old.swap(m_slots);
        m_used = 0;
        for (uint32_t entry : old)
            if (entry != 0) insert(ids, entry - 1);
    }
    const size_t mask = m_slots.size() - 1;
    for (size_t i = hashOf(ids, row) & mask;; i = (i + 1) & mask) {
        const uint32_t entry = m_slots[i];
        if (entry == 0) {
            m_slots[i] = uint32_t(row + 1);
            ++m_used;
            return std::nullopt;
        }
        if (ids.equal(entry - 1, row)) return entry - 1;
    }
}

void DuplicateIdCheck::startTable(const RowIds &ids, size_t rows)
{
    m_slots.clear();
    m_used = 0;
    for (size_t r = 0; r < rows; ++r)
        insert(ids, r); // these rows were in strictly ascending order: all distinct
}

std::optional<size_t> DuplicateIdCheck::addLastOutOfOrder(const RowIds &ids)
{
    const size_t row = ids.size() - 1;
    if (row + 1 >= size_t(UINT32_MAX)) return std::nullopt; // the reader refuses such files
    if (ids.isNumeric() != m_numeric) {
        // The ids switched from integers to text: their order changed, so start over. Rows so
        // far were distinct as integers, hence as canonical text too.
        m_numeric = ids.isNumeric();
        m_inOrder = true;
        for (size_t r = 1; r < row && m_inOrder; ++r)
            m_inOrder = ids.less(r - 1, r);
        if (!m_inOrder) startTable(ids, row);
    }
    if (m_inOrder) {
        if (row == 0 || ids.less(row - 1, row)) return std::nullopt;
        m_inOrder = false;
        startTable(ids, row);
    }
    return insert(ids, row);
}

} // namespace gr

// Canonical id order, duplicate detection and the test-set fingerprint of a prediction set.
#include "model/errors.h"
#include "predictionreader.h"

#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <numeric>
#include <string_view>
#include <vector>

namespace gr {

static bool alreadyInOrder(const RowIds &ids)
{
    for (size_t i = 1; i < ids.size(); ++i)
        if (!ids.less(i - 1, i)) return false;
    return true;
}

namespace {

// The decimal text of one integer id after another. Ids of a test set usually count up by one
// (1..N, 0..N-1), and then the previous text is incremented in place, which costs a fraction of
// converting every id afresh.
class IdText
{
public:
    std::string_view of(int64_t id)
    {
        const bool next = m_length > 0 && m_id >= 0 && id > m_id && id - m_id == 1;
        if (!next || !increment())
            m_length = size_t(std::to_chars(m_text, m_text + sizeof m_text, id).ptr - m_text);
        m_id = id;
        return {m_text, m_length};
    }

private:
    // False when the id gains a digit (999 -> 1000), left to std::to_chars.
    bool increment()
    {
        for (size_t i = m_length; i-- > 0;) {
            if (m_text[i] != '9') {
                ++m_text[i];
                return true;
            }
            m_text[i] = '0';
        }
        return false;
    }

    char m_text[24] = {};
    size_t m_length = 0;
    int64_t m_id = 0;
};

// SHA-256 of "row_id,label\n" lines, formatted into a buffer hashed in large blocks: this runs
// once per row of every file, so it is kept lean.
class FingerprintHash
{
public:
    FingerprintHash() : m_ctx(EVP_MD_CTX_new()), m_buffer(kBuffer)
    {
        EVP_DigestInit_ex(m_ctx, EVP_sha256(), nullptr);
    }
    ~FingerprintHash() { EVP_MD_CTX_free(m_ctx); }
    FingerprintHash(const FingerprintHash &) = delete;
    FingerprintHash &operator=(const FingerprintHash &) = delete;

    void addLine(std::string_view id, uint8_t label)
    {
        if (id.size() + 3 > kBuffer - m_used) flush();
        if (id.size() + 3 > kBuffer) { // a huge id: hashed directly
            EVP_DigestUpdate(m_ctx, id.data(), id.size());
        } else {
            std::memcpy(m_buffer.data() + m_used, id.data(), id.size());
            m_used += id.size();
        }
        m_buffer[m_used++] = ',';
        m_buffer[m_used++] = char('0' + label);
        m_buffer[m_used++] = '\n';
    }

    QString hex()
    {
        flush();
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        EVP_DigestFinal_ex(m_ctx, digest, &len);
        return QString::fromLatin1(
            QByteArray(reinterpret_cast<const char *>(digest), int(len)).toHex());
    }

private:
    void flush()
    {
        EVP_DigestUpdate(m_ctx, m_buffer.data(), m_used);
        m_used = 0;
    }

    static constexpr size_t kBuffer = size_t(1) << 18;
    EVP_MD_CTX *m_ctx;
    std::vector<char> m_buffer;
    size_t m_used = 0;
};

QString fingerprintOf(const PredictionSet &set)
{
    FingerprintHash hash;
    if (set.ids.isNumeric()) {
        IdText text;
        for (size_t k = 0; k < set.size(); ++k) {
            const size_t i = set.rowInIdOrder(k);
            hash.addLine(text.of(set.ids.integerAt(i)), set.labels[i]);
        }
    } else {
        for (size_t k = 0; k < set.size(); ++k) {
            const size_t i = set.rowInIdOrder(k);
            hash.addLine(set.ids.textAt(i), set.labels[i]);
        }
    }
    return hash.hex();
}

} // namespace

void finishPredictionSet(PredictionSet &set)
{
    const RowIds &ids = set.ids;
    set.idOrder.clear();
    if (!alreadyInOrder(ids)) {
        set.idOrder.resize(set.size());
        std::iota(set.idOrder.begin(), set.idOrder.end(), 0u);
        std::sort(set.idOrder.begin(), set.idOrder.end(), [&ids](uint32_t a, uint32_t b) {
            return ids.less(a, b) || (ids.equal(a, b) && a < b);
        });
        for (size_t k = 1; k < set.idOrder.size(); ++k) {
            if (ids.equal(set.idOrder[k - 1], set.idOrder[k]))
                throw InputError(set.source, PredictionSet::lineOfRow(set.idOrder[k]),
                                 QStringLiteral("duplicate row id '%1' (first at line %2): every "
                                                "row of a test set needs its own id")
                                     .arg(ids.toString(set.idOrder[k]))
                                     .arg(PredictionSet::lineOfRow(set.idOrder[k - 1])));
        }
    }
    set.fingerprint = fingerprintOf(set);
}

} // namespace gr

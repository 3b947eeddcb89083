// Canonical id order, duplicate detection and the test-set fingerprint of a prediction set.
#include "model/errors.h"
#include "predictionreader.h"

#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <numeric>

namespace gr {

static bool alreadyInOrder(const RowIds &ids)
{
    for (size_t i = 1; i < ids.size(); ++i)
        if (!ids.less(i - 1, i)) return false;
    return true;
}

static QString fingerprintOf(const PredictionSet &set)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    // Formatted into a raw buffer: this runs once per row of every file, so it is kept lean.
    constexpr size_t kBuffer = 1 << 16;
    std::vector<char> buffer(kBuffer);
    char *const begin = buffer.data();
    char *p = begin;
    for (size_t k = 0; k < set.size(); ++k) {
        const size_t i = set.rowInIdOrder(k);
        if (set.ids.isNumeric()) {
            p = std::to_chars(p, p + 24, set.ids.integerAt(i)).ptr;
        } else {
            const std::string_view id = set.ids.textAt(i);
            if (id.size() + 3 > kBuffer - size_t(p - begin)) {
                EVP_DigestUpdate(ctx, begin, size_t(p - begin));
                p = begin;
            }
            if (id.size() + 3 > kBuffer) { // a huge id: hash it directly
                EVP_DigestUpdate(ctx, id.data(), id.size());
            } else {
                std::memcpy(p, id.data(), id.size());
                p += id.size();
            }
        }
        *p++ = ',';
        *p++ = char('0' + set.labels[i]);
        *p++ = '\n';
        if (size_t(p - begin) > kBuffer - 32) {
            EVP_DigestUpdate(ctx, begin, size_t(p - begin));
            p = begin;
        }
    }
    EVP_DigestUpdate(ctx, begin, size_t(p - begin));
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, digest, &len);
    EVP_MD_CTX_free(ctx);
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(digest), int(len)).toHex());
}

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

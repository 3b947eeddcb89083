// Canonical id order, duplicate detection and the test-set fingerprint of a prediction set.
#include "predictionreader.h"
#include "model/errors.h"

#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <numeric>

namespace gr {

static bool alreadyInOrder(const RowIds &ids)
{
    for (size_t i = 1; i < ids.size(); ++i)
        if (!ids.less(i - 1, i))
            return false;
    return true;
}

static QString fingerprintOf(const PredictionSet &set)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    std::string buffer;
    buffer.reserve(1 << 16);
    char number[24];
    for (size_t k = 0; k < set.size(); ++k) {
        const size_t i = set.rowInIdOrder(k);
        if (set.ids.isNumeric()) {
            auto [end, ec] = std::to_chars(number, number + sizeof number, set.ids.integerAt(i));
            buffer.append(number, end);
        } else {
            buffer.append(set.ids.textAt(i));
        }
        buffer += ',';
        buffer += char('0' + set.labels[i]);
        buffer += '\n';
        if (buffer.size() > (1 << 16) - 64) {
            EVP_DigestUpdate(ctx, buffer.data(), buffer.size());
            buffer.clear();
        }
    }
    EVP_DigestUpdate(ctx, buffer.data(), buffer.size());
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, digest, &len);
    EVP_MD_CTX_free(ctx);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), int(len)).toHex());
}

void finishPredictionSet(PredictionSet &set)
{
    const RowIds &ids = set.ids;
    set.idOrder.clear();
    if (!alreadyInOrder(ids)) {
        set.idOrder.resize(set.size());
        std::iota(set.idOrder.begin(), set.idOrder.end(), 0u);
        std::sort(set.idOrder.begin(), set.idOrder.end(),
                  [&ids](uint32_t a, uint32_t b) { return ids.less(a, b) || (ids.equal(a, b) && a < b); });
        for (size_t k = 1; k < set.idOrder.size(); ++k) {
            if (ids.equal(set.idOrder[k - 1], set.idOrder[k]))
                throw InputError(set.source, PredictionSet::lineOfRow(set.idOrder[k]),
                                 QStringLiteral("duplicate row id '%1' (first at line %2): every row of a test set needs its own id")
                                     .arg(ids.toString(set.idOrder[k]))
                                     .arg(PredictionSet::lineOfRow(set.idOrder[k - 1])));
        }
    }
    set.fingerprint = fingerprintOf(set);
}

} // namespace gr

#include "chunkedfile.h"
#include "model/errors.h"

#include <openssl/evp.h>
#include <QFile>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace gr {

struct ChunkedFile::State
{
    std::FILE *file = nullptr;
    EVP_MD_CTX *sha = nullptr;
    z_stream zs{};
    bool zInit = false;
    std::string raw; // stored bytes not yet inflated
    size_t rawPos = 0;

    ~State()
    {
        if (file) std::fclose(file);
        if (sha) EVP_MD_CTX_free(sha);
        if (zInit) inflateEnd(&zs);
    }
};

static QString hexDigest(EVP_MD_CTX *ctx)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, digest, &len);
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(digest), int(len)).toHex());
}

ChunkedFile::ChunkedFile(const QString &path, size_t chunkBytes)
    : m_state(std::make_unique<State>()), m_path(path), m_chunkBytes(chunkBytes)
{
    m_state->file = std::fopen(QFile::encodeName(path).constData(), "rb");
    if (!m_state->file)
        throw InputError(
            path,
            QStringLiteral("cannot open: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    std::fseek(m_state->file, 0, SEEK_END);
    m_storedBytes = std::ftell(m_state->file);
    unsigned char magic[2] = {0, 0};
    std::fseek(m_state->file, 0, SEEK_SET);
    const size_t got = std::fread(magic, 1, 2, m_state->file);
    m_gzip = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    m_estimatedDecoded = m_storedBytes;
    if (m_gzip && m_storedBytes >= 18) {
        // The gzip trailer holds the decoded size modulo 2^32: a hint for reserving memory.
        unsigned char isize[4];
        std::fseek(m_state->file, -4, SEEK_END);
        if (std::fread(isize, 1, 4, m_state->file) == 4)
            m_estimatedDecoded = int64_t(isize[0]) | int64_t(isize[1]) << 8 |
                                 int64_t(isize[2]) << 16 | int64_t(isize[3]) << 24;
    }
    std::fseek(m_state->file, 0, SEEK_SET);
    std::setvbuf(m_state->file, nullptr, _IONBF, 0);
    m_state->sha = EVP_MD_CTX_new();
    EVP_DigestInit_ex(m_state->sha, EVP_sha256(), nullptr);
    if (m_gzip) {
        // 15 + 32: zlib detects the gzip header itself.
        if (inflateInit2(&m_state->zs, 15 + 32) != Z_OK)
            throw InputError(path, QStringLiteral("cannot initialise gzip decoding"));
        m_state->zInit = true;
    }
}

ChunkedFile::~ChunkedFile() = default;

bool ChunkedFile::readRaw(std::string &raw)
{
    const size_t old = raw.size();
    raw.resize(old + m_chunkBytes);
    const size_t n = std::fread(raw.data() + old, 1, m_chunkBytes, m_state->file);
    if (n < m_chunkBytes && std::ferror(m_state->file))
        throw InputError(
            m_path,
            QStringLiteral("read error: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    raw.resize(old + n);
    if (n > 0) {
        EVP_DigestUpdate(m_state->sha, raw.data() + old, n);
        m_storedRead += int64_t(n);
    }
    return n > 0;
}

bool ChunkedFile::readChunk(std::string &out)
{
    if (m_eof) return false;
    if (!m_gzip) {
        if (!readRaw(out)) {
            m_eof = true;
            m_sha256 = hexDigest(m_state->sha);
            return false;
        }
        return true;
    }
    State &s = *m_state;
    const size_t start = out.size();
    while (out.size() - start < m_chunkBytes / 2) {
        if (s.rawPos == s.raw.size()) {
            s.raw.clear();
            s.rawPos = 0;
            if (!readRaw(s.raw)) {
                if (s.zInit)
                    throw InputError(m_path,
                                     QStringLiteral("gzip data ends early: the file is truncated"));
                break;
            }
        }
        if (!s.zInit) {
            // A concatenated gzip member follows the previous one.
            if (inflateInit2(&s.zs, 15 + 32) != Z_OK)
                throw InputError(m_path, QStringLiteral("cannot initialise gzip decoding"));
            s.zInit = true;
        }
        const size_t old = out.size();
        out.resize(old + m_chunkBytes);
        s.zs.next_in = reinterpret_cast<Bytef *>(s.raw.data() + s.rawPos);
        s.zs.avail_in = uInt(s.raw.size() - s.rawPos);
        s.zs.next_out = reinterpret_cast<Bytef *>(out.data() + old);
        s.zs.avail_out = uInt(m_chunkBytes);
        const int rc = inflate(&s.zs, Z_NO_FLUSH);
        out.resize(old + (m_chunkBytes - s.zs.avail_out));
        s.rawPos = s.raw.size() - s.zs.avail_in;
        if (rc == Z_STREAM_END) {
            inflateEnd(&s.zs);
            s.zInit = false;
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            throw InputError(m_path,
                             QStringLiteral("corrupt gzip data (%1)")
                                 .arg(QString::fromLatin1(s.zs.msg ? s.zs.msg : "inflate failed")));
        }
    }
    if (out.size() == start) {
        m_eof = true;
        m_sha256 = hexDigest(s.sha);
        return false;
    }
    return true;
}

QString sha256Hex(const void *data, size_t size)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    EVP_DigestUpdate(ctx, data, size);
    QString hex = hexDigest(ctx);
    EVP_MD_CTX_free(ctx);
    return hex;
}

QString sha256OfFile(const QString &path)
{
    ChunkedFile file(path);
    // The digest covers the stored bytes whether or not the file is compressed.
    std::string sink;
    while (file.readChunk(sink))
        sink.clear();
    return file.sha256();
}

} // namespace gr

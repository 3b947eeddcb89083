#include "chunkedfile.h"
#include "model/errors.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <poll.h>
#include <QFile>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace gr {
namespace {

QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

template <typename T> void overrideFromEnvironment(const char *name, T &value)
{
    const char *text = std::getenv(name);
    if (!text || !*text) return;
    char *end = nullptr;
    const double v = std::strtod(text, &end);
    // Values a T cannot hold (or that would overflow once scaled) are ignored, not wrapped.
    if (*end == '\0' && std::isfinite(v) && v > 0 &&
        v < double(std::numeric_limits<T>::max()) / 1e3)
        value = T(v);
}

// Why open() failed, in words that name the real cause rather than a bare errno.
QString openFailure(const QString &path, int error)
{
    const QByteArray native = QFile::encodeName(path);
    if (error == ELOOP)
        return QStringLiteral("cannot open: it is a symbolic link loop (a link that leads back to "
                              "itself through other links)");
    if (error == ENOENT) {
        struct stat link;
        if (::lstat(native.constData(), &link) == 0 && S_ISLNK(link.st_mode)) {
            char target[4096];
            const ssize_t n = ::readlink(native.constData(), target, sizeof target - 1);
            return QStringLiteral(
                       "cannot open: it is a symbolic link to '%1', which does not exist")
                .arg(QString::fromLocal8Bit(target, n > 0 ? qsizetype(n) : 0));
        }
        return QStringLiteral("no such file");
    }
    return QStringLiteral("cannot open: %1").arg(systemError(error));
}

// Opens `path` for reading without ever blocking forever: a FIFO is opened non-blocking and
// waited on for at most limits.fifoWaitSeconds. Returns the descriptor in blocking mode.
int openForReading(const QString &path, const InputLimits &limits, struct stat &info)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) throw InputError(path, openFailure(path, errno));
    auto fail = [&](const QString &problem) {
        ::close(fd);
        throw InputError(path, problem);
    };
    if (::fstat(fd, &info) != 0) fail(QStringLiteral("cannot read: %1").arg(systemError(errno)));
    if (S_ISDIR(info.st_mode)) fail(QStringLiteral("is a folder, not a file"));
    if (S_ISCHR(info.st_mode) || S_ISBLK(info.st_mode) || S_ISSOCK(info.st_mode))
        fail(QStringLiteral("is a device or socket, not a file or pipe"));
    if (S_ISFIFO(info.st_mode)) {
        // Until a writer opens the FIFO, Linux reports neither data nor hang-up, so poll() waits.
        pollfd p{fd, POLLIN, 0};
        int rc;
        do {
            rc = ::poll(&p, 1, limits.fifoWaitSeconds * 1000);
        } while (rc < 0 && errno == EINTR);
        if (rc == 0)
            fail(QStringLiteral("nothing wrote to this FIFO or pipe within %1 s (is the writing "
                                "process running? GATEREVIEW_FIFO_WAIT_SECONDS sets the wait)")
                     .arg(limits.fifoWaitSeconds));
        if (rc < 0) fail(QStringLiteral("cannot wait for the pipe: %1").arg(systemError(errno)));
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

// Reads until `size` bytes arrived or the end of the data; pipes deliver partial reads.
size_t readFully(int fd, char *buffer, size_t size, const QString &path)
{
    size_t got = 0;
    while (got < size) {
        const ssize_t n = ::read(fd, buffer + got, size - got);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            throw InputError(path, QStringLiteral("read error: %1").arg(systemError(errno)));
        }
        got += size_t(n);
    }
    return got;
}

// In double: a large ratio times a large file must not overflow.
double allowedInflatedBytes(int64_t storedBytes, const InputLimits &limits)
{
    return std::max(double(InputLimits::kGzipFloorBytes),
                    double(storedBytes) * limits.maxGzipRatio);
}

} // namespace

InputLimits InputLimits::fromEnvironment()
{
    InputLimits limits;
    overrideFromEnvironment("GATEREVIEW_MAX_LINE_BYTES", limits.maxLineBytes);
    overrideFromEnvironment("GATEREVIEW_MAX_GZIP_RATIO", limits.maxGzipRatio);
    overrideFromEnvironment("GATEREVIEW_MAX_TEXT_BYTES", limits.maxTextFileBytes);
    overrideFromEnvironment("GATEREVIEW_MAX_EVAL_TABLE_BYTES", limits.maxEvalTableBytes);
    overrideFromEnvironment("GATEREVIEW_FIFO_WAIT_SECONDS", limits.fifoWaitSeconds);
    return limits;
}

struct ChunkedFile::State
{
    int fd = -1;
    EVP_MD_CTX *sha = nullptr;
    z_stream zs{};
    bool zInit = false;
    std::string raw; // stored bytes not yet inflated
    size_t rawPos = 0;
    std::string sniffed; // the first stored bytes, read to recognise gzip without seeking

    ~State()
    {
        if (fd >= 0) ::close(fd);
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

ChunkedFile::ChunkedFile(const QString &path, size_t chunkBytes, const InputLimits &limits)
    : m_state(std::make_unique<State>()), m_path(path), m_chunkBytes(chunkBytes), m_limits(limits)
{
    struct stat info;
    m_state->fd = openForReading(path, limits, info);
    m_pipe = S_ISFIFO(info.st_mode);
    m_storedBytes = m_pipe ? 0 : int64_t(info.st_size);
    m_state->sha = EVP_MD_CTX_new();
    EVP_DigestInit_ex(m_state->sha, EVP_sha256(), nullptr);
    // The first bytes are read (not peeked and rewound) so pipes lose nothing.
    readRaw(m_state->sniffed);
    const std::string &head = m_state->sniffed;
    m_gzip = head.size() >= 2 && uint8_t(head[0]) == 0x1f && uint8_t(head[1]) == 0x8b;
    m_estimatedDecoded = m_storedBytes;
    if (m_gzip && !m_pipe && m_storedBytes >= 18) {
        // The gzip trailer holds the decoded size modulo 2^32: a hint for reserving memory.
        unsigned char isize[4];
        if (::pread(m_state->fd, isize, 4, m_storedBytes - 4) == 4)
            m_estimatedDecoded = int64_t(isize[0]) | int64_t(isize[1]) << 8 |
                                 int64_t(isize[2]) << 16 | int64_t(isize[3]) << 24;
        m_estimatedDecoded = int64_t(
            std::min(double(m_estimatedDecoded), allowedInflatedBytes(m_storedBytes, limits)));
    }
    if (m_gzip) {
        m_state->raw.swap(m_state->sniffed);
        // 15 + 32: zlib detects the gzip header itself.
        if (inflateInit2(&m_state->zs, 15 + 32) != Z_OK)
            throw InputError(path, QStringLiteral("cannot initialise gzip decoding"));
        m_state->zInit = true;
    }
}

ChunkedFile::~ChunkedFile() = default;

bool ChunkedFile::readRaw(std::string &raw)
{
    // A regular file is read in pieces no larger than what is left of it, so small files cost
    // small buffers. perf showed the prediction fuzz harness spending 60% of its time in page
    // faults and zero-filling when every read resized the buffer by a whole 4 MiB chunk.
    size_t want = m_chunkBytes;
    if (!m_pipe && m_storedBytes >= m_storedRead)
        want = std::min<size_t>(want, size_t(m_storedBytes - m_storedRead) + 4096);
    const size_t old = raw.size();
    raw.resize(old + want);
    const size_t n = readFully(m_state->fd, raw.data() + old, want, m_path);
    raw.resize(old + n);
    if (n > 0) {
        EVP_DigestUpdate(m_state->sha, raw.data() + old, n);
        m_storedRead += int64_t(n);
    }
    return n > 0;
}

void ChunkedFile::checkInflatedSize(int64_t decodedTotal) const
{
    if (double(decodedTotal) > allowedInflatedBytes(m_storedRead, m_limits))
        throw InputError(m_path,
                         QStringLiteral("the gzip data inflates to more than %1 times its "
                                        "compressed size (%2 bytes so far from %3): refused as a "
                                        "decompression bomb (GATEREVIEW_MAX_GZIP_RATIO raises "
                                        "the limit)")
                             .arg(m_limits.maxGzipRatio)
                             .arg(decodedTotal)
                             .arg(m_storedRead));
}

bool ChunkedFile::readChunk(std::string &out)
{
    if (m_eof) return false;
    if (!m_gzip) {
        if (!m_state->sniffed.empty()) {
            out += m_state->sniffed;
            std::string().swap(m_state->sniffed);
            return true;
        }
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
        // The output window starts small and doubles with the data: a small file never pays
        // for zero-filling a whole chunk (which dominated the prediction fuzz harness).
        const size_t old = out.size();
        const size_t window = std::min(m_chunkBytes, std::max<size_t>(64 << 10, old - start));
        out.resize(old + window);
        s.zs.next_in = reinterpret_cast<Bytef *>(s.raw.data() + s.rawPos);
        s.zs.avail_in = uInt(s.raw.size() - s.rawPos);
        s.zs.next_out = reinterpret_cast<Bytef *>(out.data() + old);
        s.zs.avail_out = uInt(window);
        const int rc = inflate(&s.zs, Z_NO_FLUSH);
        out.resize(old + (window - s.zs.avail_out));
        s.rawPos = s.raw.size() - s.zs.avail_in;
        m_decoded += int64_t(out.size() - old);
        checkInflatedSize(m_decoded);
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

QByteArray readInputFile(const QString &path, const QString &what, const InputLimits &limits)
{
    return readInputFile(path, what, limits, limits.maxTextFileBytes, "GATEREVIEW_MAX_TEXT_BYTES");
}

QByteArray readInputFile(const QString &path, const QString &what, const InputLimits &limits,
                         int64_t maxBytes, const char *variable)
{
    struct stat info;
    const int fd = openForReading(path, limits, info);
    const qsizetype cap = qsizetype(maxBytes);
    bool tooLarge = S_ISREG(info.st_mode) && info.st_size > cap; // known without reading
    QByteArray bytes;
    try {
        qsizetype step = 64 << 10;
        while (!tooLarge) {
            // One byte past the cap is read to tell "exactly at the limit" from "over it".
            const qsizetype want = std::min<qsizetype>(step, cap + 1 - bytes.size());
            const qsizetype old = bytes.size();
            bytes.resize(old + want);
            const size_t n = readFully(fd, bytes.data() + old, size_t(want), path);
            bytes.resize(old + qsizetype(n));
            tooLarge = bytes.size() > cap;
            if (n < size_t(want)) break;
            step = std::min<qsizetype>(step * 2, 16 << 20);
        }
    } catch (...) {
        ::close(fd);
        throw;
    }
    ::close(fd);
    if (tooLarge)
        throw InputError(path, QStringLiteral("%1 is larger than %2 bytes: refused "
                                              "(%3 raises the limit)")
                                   .arg(what)
                                   .arg(maxBytes)
                                   .arg(QLatin1String(variable)));
    return bytes;
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

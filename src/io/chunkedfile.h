#pragma once
// Reads a file front to back in large chunks, transparently inflating gzip, while computing the
// SHA-256 of the bytes as stored. Chunks keep peak memory flat however large the file is.
#include <cstdint>
#include <memory>
#include <QString>
#include <string>

namespace gr {

class ChunkedFile
{
public:
    // Throws InputError when the file cannot be opened.
    explicit ChunkedFile(const QString &path, size_t chunkBytes = 4 << 20);
    ~ChunkedFile();
    ChunkedFile(const ChunkedFile &) = delete;
    ChunkedFile &operator=(const ChunkedFile &) = delete;

    // Appends up to one chunk of decoded text to `out`; returns false at the end of the data.
    // Throws InputError on a read error or corrupt/truncated gzip data.
    bool readChunk(std::string &out);

    bool isCompressed() const { return m_gzip; }
    int64_t storedBytes() const { return m_storedBytes; }    // size on disk
    int64_t storedBytesRead() const { return m_storedRead; } // progress through the file
    // An estimate of the decoded size (exact for plain files; from the gzip trailer otherwise).
    int64_t estimatedDecodedBytes() const { return m_estimatedDecoded; }
    // Hex SHA-256 of the stored bytes; valid once readChunk() has returned false.
    QString sha256() const { return m_sha256; }

private:
    bool readRaw(std::string &raw);

    struct State;
    std::unique_ptr<State> m_state;
    QString m_path;
    size_t m_chunkBytes;
    bool m_gzip = false;
    bool m_eof = false;
    int64_t m_storedBytes = 0;
    int64_t m_storedRead = 0;
    int64_t m_estimatedDecoded = 0;
    QString m_sha256;
};

// Hex SHA-256 of a whole file (used for policy files and other small inputs).
QString sha256OfFile(const QString &path);
QString sha256Hex(const void *data, size_t size);

} // namespace gr

#pragma once
// Reads a file front to back in large chunks, transparently inflating gzip, while computing the
// SHA-256 of the bytes as stored. Chunks keep peak memory flat however large the file is.
// Pipes and FIFOs (`--champion <(zcat x.gz)`, mkfifo) are read without seeking; a FIFO nobody
// writes to is given up on after a bounded wait instead of blocking forever.
#include <cstdint>
#include <memory>
#include <QByteArray>
#include <QString>
#include <string>

namespace gr {

// Bounds on what one input file may cost. The defaults are documented in the README; each can be
// raised (or lowered) with the environment variable named beside it.
struct InputLimits
{
    // Longest line of a prediction file, header included (GATEREVIEW_MAX_LINE_BYTES).
    size_t maxLineBytes = size_t(1) << 20;
    // gzip may inflate to at most this many times the compressed size, or kGzipFloorBytes,
    // whichever is larger (GATEREVIEW_MAX_GZIP_RATIO). Real prediction files compress 3-10x.
    double maxGzipRatio = 100;
    // Whole-file inputs read into memory: policies, sidecars, sessions (GATEREVIEW_MAX_TEXT_BYTES).
    int64_t maxTextFileBytes = int64_t(64) << 20;
    // MLflow evaluate's eval_results_table.json, read whole to convert it to rows; a table holds a
    // whole test set, so its bound is larger (GATEREVIEW_MAX_EVAL_TABLE_BYTES).
    int64_t maxEvalTableBytes = int64_t(2) << 30;
    // How long to wait for a writer to open a FIFO (GATEREVIEW_FIFO_WAIT_SECONDS).
    int fifoWaitSeconds = 30;

    static constexpr int64_t kGzipFloorBytes = int64_t(64) << 20;

    // The defaults, overridden by the environment variables above when they hold valid values.
    static InputLimits fromEnvironment();
};

class ChunkedFile
{
public:
    // Throws InputError when the file cannot be opened (naming the real cause: missing, a folder,
    // a device, a symbolic link loop, a FIFO without a writer...).
    explicit ChunkedFile(const QString &path, size_t chunkBytes = 4 << 20,
                         const InputLimits &limits = InputLimits::fromEnvironment());
    ~ChunkedFile();
    ChunkedFile(const ChunkedFile &) = delete;
    ChunkedFile &operator=(const ChunkedFile &) = delete;

    // Appends up to one chunk of decoded text to `out`; returns false at the end of the data.
    // Throws InputError on a read error, corrupt/truncated gzip data, or gzip data inflating past
    // the ratio limit.
    bool readChunk(std::string &out);

    bool isCompressed() const { return m_gzip; }
    bool isPipe() const { return m_pipe; }
    // Size on disk; 0 for a pipe or FIFO, whose size is not known in advance.
    int64_t storedBytes() const { return m_storedBytes; }
    int64_t storedBytesRead() const { return m_storedRead; } // progress through the file
    // An estimate of the decoded size (exact for plain files; from the gzip trailer otherwise,
    // capped by the ratio limit so a forged trailer cannot make readers reserve gigabytes).
    int64_t estimatedDecodedBytes() const { return m_estimatedDecoded; }
    // Hex SHA-256 of the stored bytes; valid once readChunk() has returned false.
    QString sha256() const { return m_sha256; }
    const InputLimits &limits() const { return m_limits; }

private:
    bool readRaw(std::string &raw);
    void checkInflatedSize(int64_t decodedTotal) const;

    struct State;
    std::unique_ptr<State> m_state;
    QString m_path;
    size_t m_chunkBytes;
    InputLimits m_limits;
    bool m_gzip = false;
    bool m_pipe = false;
    bool m_eof = false;
    int64_t m_storedBytes = 0;
    int64_t m_storedRead = 0;
    int64_t m_decoded = 0;
    int64_t m_estimatedDecoded = 0;
    QString m_sha256;
};

// Reads a whole small input (policy, sidecar, session, dvc.lock) with the same checks as
// ChunkedFile: pipes and FIFOs work, a FIFO without a writer times out, and files larger than
// limits.maxTextFileBytes are refused. `what` names the input in messages ("the policy").
QByteArray readInputFile(const QString &path, const QString &what,
                         const InputLimits &limits = InputLimits::fromEnvironment());
// The same with its own bound, named in the refusal by `variable` (the environment variable
// that raises it).
QByteArray readInputFile(const QString &path, const QString &what, const InputLimits &limits,
                         int64_t maxBytes, const char *variable);

// Hex SHA-256 of a whole file (used for policy files and other small inputs).
QString sha256OfFile(const QString &path);
QString sha256Hex(const void *data, size_t size);

} // namespace gr

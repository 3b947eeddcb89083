// libFuzzer harness: prediction files (CSV/TSV, plain or gzip) through PredictionReader::read,
// which takes a path. The input goes into an in-memory file (memfd) named by /proc/self/fd, so
// no disk I/O happens per input.
#include "fuzzinput.h"
#include "io/predictionreader.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int fd = memfd_create("predictions", 0);
    static const QString path = QStringLiteral("/proc/self/fd/%1").arg(fd);
    if (fd < 0) std::abort();
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != ssize_t(size)) std::abort();
    return gr::fuzz::expectInputErrorOnly([&] { (void)gr::PredictionReader().read(path); });
}

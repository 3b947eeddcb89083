// libFuzzer harness: dvc.lock files (parseDvcLock).
#include "diagnosis/dvclock.h"
#include "fuzzinput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = gr::fuzz::bytesOf(data, size);
    return gr::fuzz::expectInputErrorOnly(
        [&] { gr::parseDvcLock(bytes, QStringLiteral("dvc.lock")); });
}

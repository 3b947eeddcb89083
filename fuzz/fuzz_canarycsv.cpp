// libFuzzer harness: canary metrics CSV (readCanaryCsv).
#include "canary/canaryimport.h"
#include "fuzzinput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = gr::fuzz::bytesOf(data, size);
    return gr::fuzz::expectInputErrorOnly(
        [&] { gr::readCanaryCsv(bytes, QStringLiteral("canary.csv")); });
}

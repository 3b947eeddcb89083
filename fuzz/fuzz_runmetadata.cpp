// libFuzzer harness: run metadata sidecars, .run.yaml and .run.json (parseRunMetadata).
#include "fuzzinput.h"
#include "io/runmetadata.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = gr::fuzz::bytesOf(data, size);
    return gr::fuzz::expectInputErrorOnly(
        [&] { gr::parseRunMetadata(bytes, QStringLiteral("predictions.csv.run.yaml")); });
}

// libFuzzer harness: Prometheus query_range JSON for canary analysis (readPrometheusMatrix).
#include "canary/canaryimport.h"
#include "fuzzinput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = gr::fuzz::bytesOf(data, size);
    return gr::fuzz::expectInputErrorOnly(
        [&] { gr::readPrometheusMatrix(bytes, QStringLiteral("prometheus.json")); });
}

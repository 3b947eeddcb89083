// libFuzzer harness: the canary policy YAML (parseCanaryPolicy).
#include "canary/canarypolicy.h"
#include "fuzzinput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = gr::fuzz::bytesOf(data, size);
    return gr::fuzz::expectInputErrorOnly(
        [&] { gr::parseCanaryPolicy(bytes, QStringLiteral("canary-policy.yaml")); });
}

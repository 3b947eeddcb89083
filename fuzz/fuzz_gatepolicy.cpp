// libFuzzer harness: the quality-gate policy YAML (parseGatePolicy).
#include "fuzzinput.h"
#include "gate/gatepolicy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = gr::fuzz::bytesOf(data, size);
    return gr::fuzz::expectInputErrorOnly(
        [&] { gr::parseGatePolicy(bytes, QStringLiteral("policy.yaml")); });
}

// libFuzzer harness: MLflow file-store meta.yaml files (mlflowyaml::parse, then field look-ups).
#include "fuzzinput.h"
#include "mlflow/yamlfile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = gr::fuzz::bytesOf(data, size);
    return gr::fuzz::expectInputErrorOnly([&] {
        const YAML::Node n = gr::mlflowyaml::parse(bytes, QStringLiteral("meta.yaml"));
        (void)gr::mlflowyaml::text(n, "run_id");
        (void)gr::mlflowyaml::text(n, "artifact_uri");
    });
}

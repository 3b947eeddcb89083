// libFuzzer harness: MLflow evaluate's eval_results_table.json (evalResultsTableToCsv).
#include "fuzzinput.h"
#include "mlflow/mlflowrunloader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = gr::fuzz::bytesOf(data, size);
    return gr::fuzz::expectInputErrorOnly(
        [&] { gr::evalResultsTableToCsv(bytes, QStringLiteral("eval_results_table.json")); });
}

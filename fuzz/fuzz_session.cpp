// libFuzzer harness: saved review sessions (parseReviewSession).
#include "fuzzinput.h"
#include "session/reviewsession.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = gr::fuzz::bytesOf(data, size);
    return gr::fuzz::expectInputErrorOnly(
        [&] { gr::parseReviewSession(bytes, QStringLiteral("review.gatereview")); });
}

#pragma once
// Shared by the libFuzzer harnesses: every parser must either return or throw InputError for any
// bytes. Anything else (a crash, a sanitizer report, another exception escaping) is a finding.
#include "model/errors.h"

#include <cstddef>
#include <cstdint>
#include <QByteArray>

namespace gr::fuzz {

inline QByteArray bytesOf(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

// Runs `parse`, treating InputError (a clear message for bad input) as the expected outcome.
template <typename Parse> int expectInputErrorOnly(Parse &&parse)
{
    try {
        parse();
    } catch (const InputError &e) {
        (void)e.message(); // building the message must be safe too
    }
    return 0;
}

} // namespace gr::fuzz

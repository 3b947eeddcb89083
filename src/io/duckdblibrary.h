#pragma once
// DuckDB's C library, opened on first use. Debian 12 packages no Parquet reader, so Parquet
// prediction files are read by DuckDB (libduckdb.so as the npm registry ships it; README, "Why
// each dependency"). It is loaded with dlopen rather than linked: the library is 65 MB that a
// CSV-only gate never needs, and a missing library is then one clear message on one Parquet
// file instead of a program that cannot start.
#include <duckdb.h>

#include <QString>
#include <QStringList>

namespace gr {

// The C API functions the Parquet reader uses, resolved from the loaded library.
#define GR_DUCKDB_FUNCTIONS(X)                                                                     \
    X(duckdb_library_version)                                                                      \
    X(duckdb_create_config)                                                                        \
    X(duckdb_set_config)                                                                           \
    X(duckdb_destroy_config)                                                                       \
    X(duckdb_open_ext)                                                                             \
    X(duckdb_close)                                                                                \
    X(duckdb_connect)                                                                              \
    X(duckdb_disconnect)                                                                           \
    X(duckdb_query)                                                                                \
    X(duckdb_destroy_result)                                                                       \
    X(duckdb_result_error)                                                                         \
    X(duckdb_column_count)                                                                         \
    X(duckdb_column_name)                                                                          \
    X(duckdb_column_type)                                                                          \
    X(duckdb_prepare)                                                                              \
    X(duckdb_prepare_error)                                                                        \
    X(duckdb_destroy_prepare)                                                                      \
    X(duckdb_execute_prepared_streaming)                                                           \
    X(duckdb_fetch_chunk)                                                                          \
    X(duckdb_data_chunk_get_size)                                                                  \
    X(duckdb_data_chunk_get_vector)                                                                \
    X(duckdb_destroy_data_chunk)                                                                   \
    X(duckdb_vector_get_data)                                                                      \
    X(duckdb_vector_get_validity)

struct DuckDbApi
{
#define GR_DUCKDB_POINTER(name) decltype(&::name) name = nullptr;
    GR_DUCKDB_FUNCTIONS(GR_DUCKDB_POINTER)
#undef GR_DUCKDB_POINTER
    QString libraryPath; // the file that was loaded
    QString version;     // DuckDB's own, e.g. "v1.4.4"
};

// Where the library is looked for, in order: $GATEREVIEW_LIBDUCKDB, the copy installed beside the
// running executable (the .deb's /usr/lib/gatereview/), the build tree's .tools/ copy.
QStringList duckDbLibraryCandidates();

// The loaded API. Throws InputError naming `forFile` and every place looked when the library
// cannot be loaded or is not DuckDB 1.x.
const DuckDbApi &duckDbApi(const QString &forFile);

} // namespace gr

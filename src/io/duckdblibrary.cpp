#include "duckdblibrary.h"
#include "model/errors.h"

#include <dlfcn.h>
#include <mutex>
#include <QDir>
#include <QFileInfo>
#include <QtGlobal>

namespace gr {
namespace {

struct LoadOutcome
{
    DuckDbApi api;
    QString problem; // empty when loaded
};

LoadOutcome load()
{
    LoadOutcome outcome;
    QStringList tried;
    for (const QString &candidate : duckDbLibraryCandidates()) {
        if (!QFileInfo::exists(candidate)) {
            tried << QStringLiteral("%1 (absent)").arg(candidate);
            continue;
        }
        // Never unloaded: DuckDB keeps threads and static state for the life of the process.
        void *handle = dlopen(QFile::encodeName(candidate).constData(), RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            tried << QStringLiteral("%1 (%2)").arg(candidate, QString::fromLocal8Bit(dlerror()));
            continue;
        }
        DuckDbApi &api = outcome.api;
        QStringList missing;
#define GR_DUCKDB_RESOLVE(name)                                                                    \
    api.name = reinterpret_cast<decltype(api.name)>(dlsym(handle, #name));                         \
    if (!api.name) missing << QStringLiteral(#name);
        GR_DUCKDB_FUNCTIONS(GR_DUCKDB_RESOLVE)
#undef GR_DUCKDB_RESOLVE
        if (!missing.isEmpty()) {
            tried << QStringLiteral("%1 (lacks %2)")
                         .arg(candidate, missing.join(QStringLiteral(", ")));
            continue;
        }
        api.libraryPath = candidate;
        api.version = QString::fromUtf8(api.duckdb_library_version());
        if (!api.version.startsWith(QLatin1String("v1."))) {
            tried << QStringLiteral("%1 (DuckDB %2; Gate Review reads Parquet with DuckDB 1.x)")
                         .arg(candidate, api.version);
            continue;
        }
        return outcome;
    }
    outcome.problem =
        QStringLiteral(
            "reading Parquet needs DuckDB's C library (libduckdb.so), which could not be "
            "loaded; looked at: %1. Install it with `npm install "
            "@duckdb/node-bindings-linux-x64` and point GATEREVIEW_LIBDUCKDB at its "
            "libduckdb.so, or convert the file to CSV")
            .arg(tried.join(QStringLiteral("; ")));
    return outcome;
}

} // namespace

QStringList duckDbLibraryCandidates()
{
    QStringList candidates;
    const QString fromEnvironment = qEnvironmentVariable("GATEREVIEW_LIBDUCKDB");
    if (!fromEnvironment.isEmpty()) candidates << fromEnvironment;
    // The installed copy sits beside the installed executable: <prefix>/bin → <prefix>/lib/….
    const QString executable = QFileInfo(QStringLiteral("/proc/self/exe")).symLinkTarget();
    if (!executable.isEmpty())
        candidates << QDir::cleanPath(QFileInfo(executable).absolutePath() + QLatin1Char('/') +
                                      QStringLiteral(GATEREVIEW_LIBDUCKDB_FROM_BINDIR));
#ifdef GATEREVIEW_LIBDUCKDB_BUILD_TREE
    candidates << QStringLiteral(GATEREVIEW_LIBDUCKDB_BUILD_TREE);
#endif
    return candidates;
}

const DuckDbApi &duckDbApi(const QString &forFile)
{
    // Loaded once per process; a failed load is remembered too (the files do not appear later).
    static std::once_flag once;
    static LoadOutcome outcome;
    std::call_once(once, [] { outcome = load(); });
    if (!outcome.problem.isEmpty()) throw InputError(forFile, outcome.problem);
    return outcome.api;
}

} // namespace gr

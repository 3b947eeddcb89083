#pragma once
// MLflow addresses as MLflow users write them, and tracking URIs.
#include <QString>

namespace gr {

struct MlflowAddress
{
    enum class Kind
    {
        ModelAlias,
        ModelVersion,
        Run
    };
    Kind kind = Kind::Run;
    QString model; // models:/NAME@ALIAS, models:/NAME/VERSION
    QString alias;
    QString version;
    QString runId;        // runs:/RUN_ID
    QString artifactPath; // runs:/RUN_ID/path/in/run (optional)

    QString toString() const;
};

// Throws InputError naming the address and what form was expected.
MlflowAddress parseMlflowAddress(const QString &address);

struct TrackingUri
{
    enum class Kind
    {
        Sqlite,
        FileStore,
        Server
    };
    Kind kind = Kind::FileStore;
    QString path; // local stores
    QString url;  // server, without a trailing slash
};

// Throws InputError for an unsupported scheme or a local store that does not exist.
TrackingUri parseTrackingUri(const QString &uri);

} // namespace gr

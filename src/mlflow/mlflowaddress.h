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
    QString version;      // a number, or "latest" (the highest version number)
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
    QString url;  // server, without a trailing slash and without credentials
    // Credentials written into the URI (http://user:password@host). They travel in the
    // Authorization header only; url and everything shown carries none (model/redaction.h).
    QString username, password;
};

// Throws InputError for an unsupported scheme or a local store that does not exist. Schemes are
// case-insensitive (HTTP://host works, as it does for MLflow).
TrackingUri parseTrackingUri(const QString &uri);

} // namespace gr

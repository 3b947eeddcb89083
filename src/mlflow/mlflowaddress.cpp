#include "mlflowaddress.h"
#include "model/errors.h"
#include "model/redaction.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>

namespace gr {

QString MlflowAddress::toString() const
{
    switch (kind) {
    case Kind::ModelAlias:
        return QStringLiteral("models:/%1@%2").arg(model, alias);
    case Kind::ModelVersion:
        return QStringLiteral("models:/%1/%2").arg(model, version);
    case Kind::Run:
        return QStringLiteral("runs:/") + runId +
               (artifactPath.isEmpty() ? QString() : QLatin1Char('/') + artifactPath);
    }
    return {};
}

MlflowAddress parseMlflowAddress(const QString &address)
{
    MlflowAddress a;
    const QString forms =
        QStringLiteral("expected models:/NAME@ALIAS, models:/NAME/VERSION or runs:/RUN_ID");
    if (address.startsWith(QLatin1String("models:/"))) {
        const QString rest = address.mid(8);
        const qsizetype at = rest.lastIndexOf(QLatin1Char('@'));
        if (at > 0 && at + 1 < rest.size() && !rest.mid(at + 1).contains(QLatin1Char('/'))) {
            a.kind = MlflowAddress::Kind::ModelAlias;
            a.model = rest.left(at);
            a.alias = rest.mid(at + 1);
            return a;
        }
        const qsizetype slash = rest.lastIndexOf(QLatin1Char('/'));
        static const QRegularExpression number(QStringLiteral("^[0-9]+$"));
        if (slash > 0 &&
            (number.match(rest.mid(slash + 1)).hasMatch() ||
             rest.mid(slash + 1).compare(QLatin1String("latest"), Qt::CaseInsensitive) == 0)) {
            a.kind = MlflowAddress::Kind::ModelVersion;
            a.model = rest.left(slash);
            a.version = rest.mid(slash + 1).toLower();
            return a;
        }
        if (slash > 0 && !rest.mid(slash + 1).isEmpty())
            throw InputError(
                address,
                QStringLiteral("stages such as '%1' are deprecated in MLflow and not supported: "
                               "use an alias (models:/NAME@ALIAS) or a version number")
                    .arg(rest.mid(slash + 1)));
        throw InputError(address,
                         QStringLiteral("no alias or version in the model address; ") + forms);
    }
    if (address.startsWith(QLatin1String("runs:/"))) {
        const QString rest = address.mid(6);
        const qsizetype slash = rest.indexOf(QLatin1Char('/'));
        a.kind = MlflowAddress::Kind::Run;
        a.runId = slash < 0 ? rest : rest.left(slash);
        a.artifactPath = slash < 0 ? QString() : rest.mid(slash + 1);
        if (a.runId.isEmpty()) throw InputError(address, QStringLiteral("no run id; ") + forms);
        return a;
    }
    throw InputError(address, QStringLiteral("not an MLflow address; ") + forms);
}

TrackingUri parseTrackingUri(const QString &given)
{
    TrackingUri t;
    // Schemes are case-insensitive (RFC 3986 3.1): lower-case the scheme, keep the rest.
    QString uri = given;
    if (const qsizetype colon = uri.indexOf(QLatin1Char(':')); colon > 0)
        uri = uri.left(colon).toLower() + uri.mid(colon);
    if (uri.startsWith(QLatin1String("http://")) || uri.startsWith(QLatin1String("https://"))) {
        QUrl url(uri, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty())
            throw InputError(redactUri(given),
                             QStringLiteral("not a valid tracking server URL (%1)")
                                 .arg(redactSecrets(url.errorString())));
        t.kind = TrackingUri::Kind::Server;
        t.username = url.userName(QUrl::FullyDecoded);
        t.password = url.password(QUrl::FullyDecoded);
        url.setUserInfo(QString());
        t.url = url.toString(QUrl::FullyEncoded);
        while (t.url.endsWith(QLatin1Char('/')))
            t.url.chop(1);
        return t;
    }
    QString path;
    if (uri.startsWith(QLatin1String("sqlite:"))) {
        // sqlite:///relative.db and sqlite:////absolute.db (SQLAlchemy's rule): strip three
        // slashes.
        if (!uri.startsWith(QLatin1String("sqlite:///")))
            throw InputError(
                uri, QStringLiteral("a SQLite tracking URI is sqlite:///path/to/mlflow.db"));
        t.kind = TrackingUri::Kind::Sqlite;
        path = uri.mid(10);
    } else if (uri.startsWith(QLatin1String("file:"))) {
        path = QUrl(uri).toLocalFile();
        if (path.isEmpty())
            throw InputError(uri, QStringLiteral("a file tracking URI is file:///path/to/mlruns"));
    } else if (uri.contains(QLatin1String("://")) || uri.startsWith(QLatin1String("databricks"))) {
        throw InputError(
            uri, QStringLiteral("unsupported tracking URI scheme; use sqlite:///path/mlflow.db, "
                                "file:///path/mlruns, a local path or http(s)://host:port"));
    } else {
        path = uri;
    }
    const QFileInfo info(path);
    if (!info.exists())
        throw InputError(
            path, QStringLiteral("the MLflow store does not exist (tracking URI '%1')").arg(uri));
    if (t.kind != TrackingUri::Kind::Sqlite)
        t.kind = info.isDir() ? TrackingUri::Kind::FileStore : TrackingUri::Kind::Sqlite;
    if (t.kind == TrackingUri::Kind::Sqlite && info.isDir())
        throw InputError(
            path, QStringLiteral("is a folder, but the tracking URI names a SQLite database file"));
    t.path = info.absoluteFilePath();
    return t;
}

} // namespace gr

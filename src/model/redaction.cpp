#include "redaction.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace gr {

bool isSecretParameter(const QString &name)
{
    static const QStringList names{QStringLiteral("token"),
                                   QStringLiteral("access_token"),
                                   QStringLiteral("refresh_token"),
                                   QStringLiteral("id_token"),
                                   QStringLiteral("auth"),
                                   QStringLiteral("authorization"),
                                   QStringLiteral("api_key"),
                                   QStringLiteral("apikey"),
                                   QStringLiteral("api-key"),
                                   QStringLiteral("key"),
                                   QStringLiteral("password"),
                                   QStringLiteral("passwd"),
                                   QStringLiteral("pwd"),
                                   QStringLiteral("secret"),
                                   QStringLiteral("client_secret"),
                                   QStringLiteral("sig"),
                                   QStringLiteral("signature"),
                                   QStringLiteral("x-amz-signature"),
                                   QStringLiteral("x-amz-credential"),
                                   QStringLiteral("x-amz-security-token"),
                                   QStringLiteral("sas"),
                                   QStringLiteral("code")};
    return names.contains(name.toLower());
}

namespace {

// name=value pairs after ? or & (or ;) whose name carries a credential.
const QRegularExpression &secretParameter()
{
    static const QRegularExpression re(
        QStringLiteral("([?&;])([A-Za-z0-9_.\\-]+)=([^&#;\\s\"'<>()]*)"));
    return re;
}

QString maskParameters(const QString &text)
{
    QString out;
    qsizetype last = 0;
    auto it = secretParameter().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        if (!isSecretParameter(m.captured(2)) || m.captured(3).isEmpty()) continue;
        out += text.mid(last, m.capturedStart(3) - last) + QStringLiteral("***");
        last = m.capturedEnd(3);
    }
    return last == 0 ? text : out + text.mid(last);
}

} // namespace

QString redactUri(const QString &uri)
{
    QString out = uri;
    const qsizetype schemeEnd = out.indexOf(QLatin1String("://"));
    if (schemeEnd > 0) {
        const qsizetype authorityStart = schemeEnd + 3;
        qsizetype authorityEnd = out.size();
        for (const QChar c : {QLatin1Char('/'), QLatin1Char('?'), QLatin1Char('#')}) {
            const qsizetype at = out.indexOf(c, authorityStart);
            if (at >= 0) authorityEnd = std::min(authorityEnd, at);
        }
        const qsizetype at = out.lastIndexOf(QLatin1Char('@'), authorityEnd - 1);
        if (at >= authorityStart)
            out.replace(authorityStart, at - authorityStart, QStringLiteral("***"));
    }
    return maskParameters(out);
}

QString redactSecrets(const QString &text)
{
    static const QRegularExpression uri(QStringLiteral("[A-Za-z][A-Za-z0-9+.\\-]*://[^\\s\"'<>]+"));
    QString out;
    qsizetype last = 0;
    auto it = uri.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += text.mid(last, m.capturedStart() - last) + redactUri(m.captured());
        last = m.capturedEnd();
    }
    out += text.mid(last);
    return maskParameters(out);
}

static QJsonValue redactValue(const QJsonValue &v)
{
    if (v.isString()) return redactSecrets(v.toString());
    if (v.isObject()) return redactJson(v.toObject());
    if (v.isArray()) {
        QJsonArray out;
        for (const QJsonValue &item : v.toArray())
            out.append(redactValue(item));
        return out;
    }
    return v;
}

QJsonObject redactJson(const QJsonObject &json)
{
    QJsonObject out;
    for (auto it = json.begin(); it != json.end(); ++it)
        out.insert(it.key(), redactValue(it.value()));
    return out;
}

} // namespace gr

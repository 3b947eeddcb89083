#pragma once
// Credentials never leave the process. Every URI the tool prints, reports, stores in the decision
// log or puts in an error message goes through one of these two functions, so a password in
// `--tracking-uri http://user:password@host` or a token in a query string cannot reach stdout,
// stderr, a report or the append-only log (from which it could never be removed).
//
// What counts as a secret: the userinfo of any `scheme://user:password@host` (replaced by
// "***@", the user name too: it is half of the credential), and the value of query parameters
// whose name is a known credential carrier (token, access_token, api_key, password, secret,
// sig/signature, X-Amz-Signature/-Credential/-Security-Token, ...), replaced by "***".
#include <QJsonObject>
#include <QString>

namespace gr {

// `uri` with its credentials masked; any other text is returned unchanged.
QString redactUri(const QString &uri);

// Every URI (and every `?name=value` / `&name=value` credential parameter) inside free text.
QString redactSecrets(const QString &text);

// Every string inside `json` (keys kept) through redactSecrets: for documents that are stored.
QJsonObject redactJson(const QJsonObject &json);

// True when `name` is a query parameter that carries a credential (case-insensitive).
bool isSecretParameter(const QString &name);

} // namespace gr

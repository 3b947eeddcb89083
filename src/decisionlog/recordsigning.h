#pragma once
// Signed records: an author's Ed25519 key (OpenSSL libcrypto) signs each record's hash, and an
// allowed-signers file (like git's gpg.ssh.allowedSignersFile) maps public keys to principals, so
// `log verify` can say who signed each record.
//
// Signed message: "gatereview-decision-signature-v1\n" + the record's 64-hex-digit hash.
// Public key text: "ed25519:" + base64 of the 32 raw bytes (52 characters).
// Private key file: PKCS#8 PEM, mode 0600; loading refuses a file others may read (as ssh does).
// The private key is never printed, logged or stored anywhere else.
#include <memory>
#include <QMap>
#include <QString>
#include <QStringList>

typedef struct evp_pkey_st EVP_PKEY;

namespace gr {

class SigningKey
{
public:
    static SigningKey generate();
    // Throws InputError naming the file when it is missing, unreadable, open to other users or
    // not an Ed25519 private key.
    static SigningKey load(const QString &path);
    // Writes the private key to a new file with mode 0600 (creating its folder); refuses to
    // overwrite an existing file.
    void save(const QString &path) const;

    QString publicKey() const;                            // "ed25519:..."
    QByteArray signHash(const QString &recordHash) const; // base64 signature

private:
    explicit SigningKey(std::shared_ptr<EVP_PKEY> key) : m_key(std::move(key)) {}
    std::shared_ptr<EVP_PKEY> m_key;
};

// True when `signature` (base64) is `publicKey`'s signature over the record hash. False for any
// malformed key or signature.
bool verifyRecordSignature(const QString &publicKey, const QString &recordHash,
                           const QString &signature);

// "SHA256:" + the first 16 base64 characters of the key's SHA-256: short enough to read aloud.
QString keyFingerprint(const QString &publicKey);

// The key `log record` signs with when none is named: $GATEREVIEW_SIGNING_KEY, else
// ~/.config/gatereview/signing-key.pem (QStandardPaths::AppConfigLocation).
QString defaultSigningKeyPath();

class AllowedSigners
{
public:
    AllowedSigners() = default;
    // Lines "PRINCIPAL[,PRINCIPAL...] ed25519:KEY [comment]"; blank lines and # comments are
    // skipped. Throws InputError naming the file and line of a malformed entry.
    static AllowedSigners load(const QString &path);
    static AllowedSigners parse(const QString &text, const QString &source);

    // In the file's order.
    QStringList principalsFor(const QString &publicKey) const
    {
        return m_principals.value(publicKey);
    }
    bool isEmpty() const { return m_principals.isEmpty(); }

private:
    QMap<QString, QStringList> m_principals; // public key -> principals
};

} // namespace gr

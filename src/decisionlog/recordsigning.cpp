#include "recordsigning.h"
#include "io/chunkedfile.h"
#include "model/errors.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <sys/stat.h>
#include <unistd.h>

namespace gr {

namespace {

const QByteArray kKeyPrefix = QByteArrayLiteral("ed25519:");

QByteArray signedMessage(const QString &recordHash)
{
    return QByteArrayLiteral("gatereview-decision-signature-v1\n") + recordHash.toLatin1();
}

std::shared_ptr<EVP_PKEY> own(EVP_PKEY *key)
{
    return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

std::shared_ptr<EVP_PKEY> publicKeyFromText(const QString &text)
{
    const QByteArray latin = text.toLatin1();
    if (!latin.startsWith(kKeyPrefix)) return {};
    const auto decoded = QByteArray::fromBase64Encoding(latin.mid(kKeyPrefix.size()),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || (*decoded).size() != 32) return {};
    return own(EVP_PKEY_new_raw_public_key(
        EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char *>((*decoded).constData()),
        32));
}

} // namespace

SigningKey SigningKey::generate()
{
    EVP_PKEY *key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    if (!key)
        throw InputError(QString(), QStringLiteral("OpenSSL could not generate an Ed25519 key"));
    return SigningKey(own(key));
}

SigningKey SigningKey::load(const QString &path)
{
    const QFileInfo info(path);
    if (!info.isFile())
        throw InputError(path, QStringLiteral("no signing key here; make one with "
                                              "`gatereview log keygen`"));
    struct stat st
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &st) == 0 && (st.st_mode & 077) != 0)
        throw InputError(path, QStringLiteral("permissions %1 are too open: other users could "
                                              "read the private key; run chmod 600 on it")
                                   .arg(st.st_mode & 0777, 4, 8, QLatin1Char('0')));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw InputError(path, QStringLiteral("cannot read: %1").arg(file.errorString()));
    QByteArray pem = file.read(64 * 1024);
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    OPENSSL_cleanse(pem.data(), size_t(pem.size()));
    if (!key || EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
        EVP_PKEY_free(key);
        throw InputError(path, QStringLiteral("not an Ed25519 private key in PEM form (make one "
                                              "with `gatereview log keygen`)"));
    }
    return SigningKey(own(key));
}

void SigningKey::save(const QString &path) const
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        throw InputError(path,
                         QStringLiteral("cannot create the folder %1").arg(info.absolutePath()));
    // O_EXCL with mode 0600: the key is never, even briefly, readable by others, and an existing
    // key is never overwritten.
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        throw InputError(
            path,
            errno == EEXIST
                ? QStringLiteral("a key already exists here; keep it, or move "
                                 "it away first")
                : QStringLiteral("cannot create: %1").arg(QString::fromLocal8Bit(strerror(errno))));
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, m_key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    const bool written = size > 0 && ::write(fd, data, size_t(size)) == size;
    BIO_free(bio); // frees `data`; the memory BIO holds nothing else
    const bool closed = ::close(fd) == 0;
    if (!written || !closed) {
        QFile::remove(path);
        throw InputError(path, QStringLiteral("could not write the key"));
    }
}

QString SigningKey::publicKey() const
{
    unsigned char raw[32];
    size_t size = sizeof raw;
    if (EVP_PKEY_get_raw_public_key(m_key.get(), raw, &size) != 1 || size != 32)
        throw InputError(QString(), QStringLiteral("OpenSSL could not export the public key"));
    return QString::fromLatin1(kKeyPrefix +
                               QByteArray(reinterpret_cast<const char *>(raw), 32).toBase64());
}

QByteArray SigningKey::signHash(const QString &recordHash) const
{
    const QByteArray message = signedMessage(recordHash);
    unsigned char signature[64];
    size_t size = sizeof signature;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const bool ok = ctx && EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, m_key.get()) == 1 &&
                    EVP_DigestSign(ctx, signature, &size,
                                   reinterpret_cast<const unsigned char *>(message.constData()),
                                   size_t(message.size())) == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok) throw InputError(QString(), QStringLiteral("OpenSSL could not sign the record"));
    return QByteArray(reinterpret_cast<const char *>(signature), int(size)).toBase64();
}

bool verifyRecordSignature(const QString &publicKey, const QString &recordHash,
                           const QString &signature)
{
    const std::shared_ptr<EVP_PKEY> key = publicKeyFromText(publicKey);
    const auto raw = QByteArray::fromBase64Encoding(signature.toLatin1(),
                                                    QByteArray::AbortOnBase64DecodingErrors);
    if (!key || !raw || (*raw).size() != 64) return false;
    const QByteArray message = signedMessage(recordHash);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const bool ok =
        ctx && EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, key.get()) == 1 &&
        EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>((*raw).constData()),
                         size_t((*raw).size()),
                         reinterpret_cast<const unsigned char *>(message.constData()),
                         size_t(message.size())) == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

QString keyFingerprint(const QString &publicKey)
{
    const QByteArray bytes = publicKey.toLatin1();
    const QByteArray digest =
        QByteArray::fromHex(sha256Hex(bytes.constData(), size_t(bytes.size())).toLatin1());
    return QStringLiteral("SHA256:") + QString::fromLatin1(digest.toBase64().left(16));
}

QString defaultSigningKeyPath()
{
    const QString fromEnvironment = qEnvironmentVariable("GATEREVIEW_SIGNING_KEY");
    if (!fromEnvironment.isEmpty()) return fromEnvironment;
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           QStringLiteral("/signing-key.pem");
}

AllowedSigners AllowedSigners::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw InputError(
            path,
            QStringLiteral("cannot read the allowed-signers file: %1").arg(file.errorString()));
    return parse(QString::fromUtf8(file.read(16 * 1024 * 1024)), path);
}

AllowedSigners AllowedSigners::parse(const QString &text, const QString &source)
{
    AllowedSigners signers;
    qint64 lineNumber = 0;
    for (const QString &raw : text.split(QLatin1Char('\n'))) {
        ++lineNumber;
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) continue;
        const QStringList fields = line.split(QRegularExpression(QStringLiteral("\\s+")));
        if (fields.size() < 2 || !publicKeyFromText(fields[1]))
            throw InputError(source, lineNumber,
                             QStringLiteral("expected 'PRINCIPAL ed25519:KEY' (the line "
                                            "`gatereview log keygen` prints)"));
        for (const QString &principal : fields[0].split(QLatin1Char(','), Qt::SkipEmptyParts))
            signers.m_principals[fields[1]] << principal;
    }
    return signers;
}

} // namespace gr

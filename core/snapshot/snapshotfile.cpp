#include "core/snapshot/snapshot.h"

#include "core/snapshot/snapshotcodec.h"

#include <QCborValue>
#include <QFile>
#include <QLocale>
#include <QSaveFile>
#include <QtEndian>

#include <zlib.h>

#include <cstring>

namespace vitals::snapshot {

namespace {

constexpr char kMagic[] = "VTSNAP\r\n";
constexpr qsizetype kMagicBytes = 8;
constexpr qsizetype kHeaderBytes = kMagicBytes + 4 + 8;

QByteArray deflate(const QByteArray &in)
{
    uLongf size = compressBound(uLong(in.size()));
    QByteArray out(qsizetype(size), Qt::Uninitialized);
    if (compress2(reinterpret_cast<Bytef *>(out.data()), &size,
                  reinterpret_cast<const Bytef *>(in.constData()), uLong(in.size()),
                  Z_BEST_COMPRESSION)
        != Z_OK)
        return {};
    out.truncate(qsizetype(size));
    return out;
}

// Inflates exactly `size` bytes; anything else (more, less, a bad checksum, trailing bytes)
// is an error.
std::optional<QByteArray> inflateExactly(const char *in, qsizetype inSize, qsizetype size,
                                         QString *error)
{
    QByteArray out(size, Qt::Uninitialized);
    z_stream z{};
    if (inflateInit(&z) != Z_OK) {
        *error = QStringLiteral("the decompressor could not start");
        return std::nullopt;
    }
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in));
    z.avail_in = uInt(inSize);
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(size);
    const int rc = inflate(&z, Z_FINISH);
    const bool complete = rc == Z_STREAM_END && z.total_out == uLong(size) && z.avail_in == 0;
    inflateEnd(&z);
    if (complete)
        return out;
    if (rc == Z_DATA_ERROR)
        *error = QStringLiteral("the file is damaged (its compressed data is corrupt)");
    else if (rc == Z_STREAM_END)
        *error = QStringLiteral("the file is damaged (its data does not match its declared size)");
    else
        *error = QStringLiteral("the file is truncated");
    return std::nullopt;
}

} // namespace

std::shared_ptr<const panel::PanelData> Snapshot::panelData(const QString &panelId) const
{
    for (const auto &p : panels)
        if (p && p->panelId == panelId)
            return p;
    return nullptr;
}

QString Snapshot::bannerText() const
{
    const QString when =
        QLocale().toString(QDateTime::fromMSecsSinceEpoch(takenAtMs), QLocale::ShortFormat);
    return QStringLiteral("Snapshot of %1 from %2 taken %3")
        .arg(dashboard.title.isEmpty() ? QStringLiteral("a dashboard") : dashboard.title,
             connection.isEmpty() ? QStringLiteral("an unnamed server") : connection, when);
}

QByteArray encodeSnapshot(const Snapshot &snapshot)
{
    const QByteArray payload = codec::toCbor(snapshot).toCbor();
    QByteArray out(kHeaderBytes, Qt::Uninitialized);
    std::memcpy(out.data(), kMagic, kMagicBytes);
    qToBigEndian<quint32>(kFormatVersion, out.data() + kMagicBytes);
    qToBigEndian<quint64>(quint64(payload.size()), out.data() + kMagicBytes + 4);
    out += deflate(payload);
    return out;
}

ReadResult decodeSnapshot(const QByteArray &bytes)
{
    ReadResult r;
    if (bytes.size() < kMagicBytes || std::memcmp(bytes.constData(), kMagic, kMagicBytes) != 0) {
        r.error = QStringLiteral("not a Vitals snapshot (it does not start with the snapshot "
                                 "signature)");
        return r;
    }
    if (bytes.size() < kHeaderBytes) {
        r.error = QStringLiteral("the file is truncated (its header is incomplete)");
        return r;
    }
    const quint32 version = qFromBigEndian<quint32>(bytes.constData() + kMagicBytes);
    if (version != kFormatVersion) {
        r.error = QStringLiteral("snapshot format %1 is not supported: this Vitals reads format "
                                 "%2%3")
                      .arg(version)
                      .arg(kFormatVersion)
                      .arg(version > kFormatVersion
                               ? QStringLiteral(" (the file was made by a newer Vitals)")
                               : QString());
        return r;
    }
    const quint64 size = qFromBigEndian<quint64>(bytes.constData() + kMagicBytes + 4);
    if (size == 0 || size > kMaxPayloadBytes) {
        r.error = QStringLiteral("the file declares %1 bytes of data, outside the 1 byte to %2 "
                                 "MiB a snapshot may hold")
                      .arg(size)
                      .arg(kMaxPayloadBytes / (1024 * 1024));
        return r;
    }
    // Deflate cannot shrink data by more than about 1032:1; a smaller file is truncated or
    // lies about its size, and is refused before the declared size is allocated.
    const qsizetype compressed = bytes.size() - kHeaderBytes;
    if (quint64(compressed) * 1032 + 64 < size) {
        r.error = QStringLiteral("the file is truncated (%1 bytes of compressed data cannot hold "
                                 "the %2 bytes it declares)")
                      .arg(compressed)
                      .arg(size);
        return r;
    }
    QString error;
    const auto payload =
        inflateExactly(bytes.constData() + kHeaderBytes, compressed, qsizetype(size), &error);
    if (!payload) {
        r.error = error;
        return r;
    }
    QCborParserError parseError;
    const QCborValue value = QCborValue::fromCbor(*payload, &parseError);
    if (parseError.error != QCborError::NoError) {
        r.error = QStringLiteral("the file is damaged (%1 at byte %2 of its data)")
                      .arg(parseError.errorString())
                      .arg(parseError.offset);
        return r;
    }
    auto snapshot = codec::fromCbor(value, &error);
    if (!snapshot) {
        r.error = QStringLiteral("the file is damaged: %1").arg(error);
        return r;
    }
    r.snapshot = std::move(snapshot);
    return r;
}

bool writeSnapshotFile(const Snapshot &snapshot, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray bytes = encodeSnapshot(snapshot);
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

ReadResult readSnapshotFile(const QString &path)
{
    ReadResult r;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        r.error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return r;
    }
    if (file.size() > kMaxFileBytes) {
        r.error = QStringLiteral("%1: the file is larger than the %2 MiB a snapshot may be")
                      .arg(path)
                      .arg(kMaxFileBytes / (1024 * 1024));
        return r;
    }
    r = decodeSnapshot(file.readAll());
    if (!r.ok())
        r.error = QStringLiteral("%1: %2").arg(path, r.error);
    return r;
}

bool looksLikeSnapshotFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && file.read(kMagicBytes) == QByteArray(kMagic);
}

QString connectionNameForUrl(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment)
        .toDisplayString();
}

} // namespace vitals::snapshot

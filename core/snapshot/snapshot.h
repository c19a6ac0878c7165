#pragma once

#include "core/dashboard/dashboard.h"
#include "core/panel/paneldata.h"
#include "core/prom/results.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <optional>
#include <vector>

// A dashboard snapshot: a dashboard with the data its panels showed, saved to one file that
// opens offline, with no server (docs: README "Snapshots"). Written by `File › Save snapshot…`
// and `vitals snapshot`, read by `vitals FILE.vitals-snapshot` and `vitals report --snapshot`.
//
// File format (version 1), chosen so a reader can refuse a bad file before it allocates:
//   bytes 0–7    magic "VTSNAP\r\n" (the CR LF catches a file mangled by text-mode transfer)
//   bytes 8–11   format version, unsigned 32-bit big-endian
//   bytes 12–19  size of the uncompressed payload in bytes, unsigned 64-bit big-endian
//   bytes 20–    the payload as one zlib stream (RFC 1950: deflate with an Adler-32 checksum)
// The payload is CBOR (RFC 8949, Qt's QCborValue): self-describing and typed like JSON, but
// with byte strings, so samples are stored as packed little-endian arrays (timestamps as
// deltas, which deflate shrinks to almost nothing at a fixed step) instead of text. The
// uncompressed size is capped (kMaxPayloadBytes), checked before anything is allocated, and
// inflating stops at the declared size, so a hostile file cannot exhaust memory.
// Keys added to version 1 since it was first written are optional, so older files still open
// and older readers skip them: a drift or model-quality panel's "external" answers
// (panel::ExternalAnswers), an alert span's "labels".
//
// Plain data and pure functions; any thread.
namespace vitals::snapshot {

// The format version this build writes and the only one it reads.
inline constexpr quint32 kFormatVersion = 1;
// The file name suffix, without the dot.
inline constexpr char kFileSuffix[] = "vitals-snapshot";
// Largest payload accepted (uncompressed bytes) and largest file read.
inline constexpr quint64 kMaxPayloadBytes = 256ull * 1024 * 1024;
inline constexpr qint64 kMaxFileBytes = 128ll * 1024 * 1024;

// A span during which one alert (one label set of a rule) fired (Unix ms). The charts shade the
// union of the spans; an alert firing for two label sets has a span for each.
struct AlertSpan {
    QString alertname; // may be empty in files written before spans kept their names
    qint64 fromMs = 0;
    qint64 toMs = 0;
    // The alert's labels (alertname, the rule's such as severity, its expression's such as
    // feature); empty in older files, only the rule's in files written before periods were per
    // label set.
    series::LabelSet labels;
    bool operator==(const AlertSpan &) const = default;
};

struct Snapshot {
    // The dashboard as shown, its variables' selections included (their `current` values).
    dashboard::Dashboard dashboard;
    // The selections in words ("job = iris"), as the report lists them.
    QStringList variables;
    // The captured span (Unix ms) and how it was chosen ("Last 1 hour"; may be empty).
    qint64 fromMs = 0;
    qint64 toMs = 0;
    QString rangeLabel;
    // The connection's name as the user knows it; never credentials or URL user info.
    QString connection;
    qint64 takenAtMs = 0;   // when the snapshot was taken, Unix ms
    QString vitalsVersion;  // the Vitals that wrote it
    QString scrapeInterval; // how the queries were planned ("scrape 15 s (from the targets)")
    // Every panel's data as its renderer drew it, one per shown panel (repeats expanded).
    std::vector<std::shared_ptr<const panel::PanelData>> panels;
    // The alerts firing when it was taken, and when alerts fired within the span.
    std::vector<prom::Alert> firingAlerts;
    std::vector<AlertSpan> alertSpans;

    // The data of panel `panelId`, or null.
    std::shared_ptr<const panel::PanelData> panelData(const QString &panelId) const;
    // "Snapshot of <dashboard> from <connection> taken <local time>".
    QString bannerText() const;
};

struct ReadResult {
    std::optional<Snapshot> snapshot; // set on success
    QString error;                    // set on failure: one sentence for the user
    bool ok() const { return snapshot.has_value(); }
};

// The file's bytes. Panels whose data is null are left out.
QByteArray encodeSnapshot(const Snapshot &snapshot);
// Reads bytes written by encodeSnapshot(); anything else gives an error, never a crash.
ReadResult decodeSnapshot(const QByteArray &bytes);

// Writes atomically (QSaveFile). Returns false and sets *error (if given) on failure.
bool writeSnapshotFile(const Snapshot &snapshot, const QString &path, QString *error = nullptr);
// Reads a file; one over kMaxFileBytes is refused before it is read. Errors name the file.
ReadResult readSnapshotFile(const QString &path);
// True when the file starts with the snapshot magic (how `vitals FILE` tells a snapshot).
bool looksLikeSnapshotFile(const QString &path);

// A URL as a connection name: scheme, host, port and path, never user info or query.
QString connectionNameForUrl(const QUrl &url);

} // namespace vitals::snapshot

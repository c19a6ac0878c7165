#pragma once

#include "core/snapshot/snapshot.h"

#include <QCborValue>

// The snapshot's payload as CBOR, without the file's header and compression (snapshot.h).
// Internal to core/snapshot; pure functions, any thread.
namespace vitals::snapshot::codec {

QCborValue toCbor(const Snapshot &snapshot);
// The snapshot, or nullopt with *error set to what is wrong ("panels[2].t: …").
std::optional<Snapshot> fromCbor(const QCborValue &value, QString *error);

} // namespace vitals::snapshot::codec

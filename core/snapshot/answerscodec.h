#pragma once

#include "core/panel/paneldata.h"
#include "core/prom/error.h"
#include "core/snapshot/cborio.h"

#include <memory>

// The drift and model-quality views' answers (panel::ExternalAnswers) and request errors in
// the snapshot payload. Added to format version 1 as optional keys: a file without them still
// opens, and a reader that does not know them skips them. Internal to core/snapshot; pure
// functions, any thread.
namespace vitals::snapshot::codec {

QCborMap errorToCbor(const prom::Error &error);
// An error written by errorToCbor(); an unknown type reads as BadResponse.
prom::Error readError(Reader &r, const QCborValue &value, const QString &path);

QCborMap externalToCbor(const panel::ExternalAnswers &answers);
// Answers written by externalToCbor(), or null with the problem recorded in `r`.
std::shared_ptr<const panel::ExternalAnswers> readExternal(Reader &r, const QCborValue &value,
                                                           const QString &path);

} // namespace vitals::snapshot::codec

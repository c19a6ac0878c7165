// Fuzz target: the snapshot file reader (core/snapshot/snapshot.h). Any bytes give a snapshot
// or one error message, and an accepted snapshot reads back the same after writing it again.
// Input that does not start with the snapshot signature is wrapped as the payload of a valid
// file header (version 1, its size, deflated), so mutations reach the CBOR reader too instead
// of stopping at the signature or the checksum.
#include "fuzzcheck.h"

#include "core/snapshot/snapshot.h"

#include <QtEndian>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace vitals::snapshot;
    QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    if (!bytes.startsWith("VTSNAP\r\n") && !bytes.isEmpty()) {
        QByteArray header("VTSNAP\r\n\0\0\0\0\0\0\0\0\0\0\0\0", 20);
        qToBigEndian<quint32>(kFormatVersion, header.data() + 8);
        qToBigEndian<quint64>(quint64(bytes.size()), header.data() + 12);
        bytes = header + qCompress(bytes).mid(4); // qCompress: a 4-byte size, then zlib
    }
    const ReadResult r = decodeSnapshot(bytes);
    if (!r.ok()) {
        FUZZ_CHECK(!r.error.isEmpty(), "a refused snapshot without an error message");
        return 0;
    }
    const ReadResult again = decodeSnapshot(encodeSnapshot(*r.snapshot));
    FUZZ_CHECK(again.ok(), "an accepted snapshot does not read back after writing it");
    FUZZ_CHECK(again.snapshot->dashboard == r.snapshot->dashboard, "the dashboard changed");
    FUZZ_CHECK(again.snapshot->panels.size() == r.snapshot->panels.size(),
               "the panel count changed");
    for (std::size_t i = 0; i < r.snapshot->panels.size(); ++i) {
        const auto &a = *r.snapshot->panels[i];
        const auto &b = *again.snapshot->panels[i];
        FUZZ_CHECK(a.panelId == b.panelId && a.series.size() == b.series.size()
                       && a.values.size() == b.values.size(),
                   "a panel changed");
        for (std::size_t s = 0; s < a.series.size(); ++s)
            FUZZ_CHECK(a.series[s].samples.timestampsMs() == b.series[s].samples.timestampsMs(),
                       "a series' timestamps changed");
    }
    return 0;
}

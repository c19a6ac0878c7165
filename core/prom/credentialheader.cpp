#include "core/prom/credentialheader.h"

#include <QByteArray>

namespace vitals::prom {

bool isCredentialHeader(QByteArrayView name)
{
    const QByteArray lower = name.toByteArray().trimmed().toLower();
    static const char *const kParts[] = {"token",  "secret",  "key",    "auth",       "password",
                                         "passwd", "session", "cookie", "credential", "signature"};
    for (const char *part : kParts)
        if (lower.contains(part))
            return true;
    return false;
}

} // namespace vitals::prom

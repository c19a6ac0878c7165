#pragma once

#include <QByteArrayView>

namespace vitals::prom {

// True when an extra header's name says that its value is a credential: Authorization,
// Proxy-Authorization, Cookie, X-API-Key, and any name containing "token", "secret", "key",
// "auth", "password", "passwd", "session", "cookie", "credential" or "signature" (any case).
// The values of such headers are kept out of the settings file, like passwords and tokens
// (ConnectionProfile::save, SecretStore). Erring on the side of secrecy is deliberate: a
// header wrongly kept in the keychain costs nothing, a token in a plain-text file leaks.
bool isCredentialHeader(QByteArrayView name);

} // namespace vitals::prom

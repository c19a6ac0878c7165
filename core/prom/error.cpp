#include "core/prom/error.h"

namespace vitals::prom {

QString errorTypeName(ErrorType type)
{
    switch (type) {
    case ErrorType::None:
        return {};
    case ErrorType::BadData:
        return QStringLiteral("bad_data");
    case ErrorType::Timeout:
        return QStringLiteral("timeout");
    case ErrorType::Canceled:
        return QStringLiteral("canceled");
    case ErrorType::Execution:
        return QStringLiteral("execution");
    case ErrorType::BadResponse:
        return QStringLiteral("bad_response");
    case ErrorType::Server:
        return QStringLiteral("server");
    case ErrorType::Client:
        return QStringLiteral("client");
    case ErrorType::Network:
        return QStringLiteral("network");
    case ErrorType::Tls:
        return QStringLiteral("tls");
    case ErrorType::TooLarge:
        return QStringLiteral("too_large");
    }
    return {};
}

ErrorType errorTypeFromName(QStringView name)
{
    static const struct {
        const char16_t *name;
        ErrorType type;
    } table[] = {
        {u"bad_data", ErrorType::BadData},
        {u"timeout", ErrorType::Timeout},
        {u"canceled", ErrorType::Canceled},
        {u"execution", ErrorType::Execution},
        {u"bad_response", ErrorType::BadResponse},
        {u"server", ErrorType::Server},
        {u"client", ErrorType::Client},
        {u"network", ErrorType::Network},
        {u"tls", ErrorType::Tls},
        {u"too_large", ErrorType::TooLarge},
        {u"internal", ErrorType::Server},
        {u"unavailable", ErrorType::Server},
        {u"not_found", ErrorType::Client},
        {u"not_acceptable", ErrorType::Client},
    };
    for (const auto &entry : table) {
        if (name == QStringView(entry.name))
            return entry.type;
    }
    return ErrorType::BadResponse;
}

} // namespace vitals::prom

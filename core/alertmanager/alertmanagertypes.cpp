#include "core/alertmanager/alertmanagertypes.h"

#include <QRegularExpression>

#include <algorithm>

namespace vitals::alertmanager {

bool matches(const Matcher &matcher, const Labels &labels)
{
    const QString value = labels.value(matcher.name);
    bool hit = false;
    if (matcher.isRegex) {
        const QRegularExpression re(QRegularExpression::anchoredPattern(matcher.value));
        if (!re.isValid())
            return false;
        hit = re.match(value).hasMatch();
    } else {
        hit = value == matcher.value;
    }
    return hit == matcher.isEqual;
}

QString matcherText(const Matcher &matcher)
{
    const QString op = matcher.isRegex
                           ? (matcher.isEqual ? QStringLiteral("=~") : QStringLiteral("!~"))
                           : (matcher.isEqual ? QStringLiteral("=") : QStringLiteral("!="));
    QString value = matcher.value;
    value.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('"'), QLatin1String("\\\""));
    return matcher.name + op + QLatin1Char('"') + value + QLatin1Char('"');
}

QString silenceStateName(SilenceState state)
{
    switch (state) {
    case SilenceState::Active:
        return QStringLiteral("active");
    case SilenceState::Pending:
        return QStringLiteral("pending");
    case SilenceState::Expired:
        return QStringLiteral("expired");
    case SilenceState::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

bool Silence::matches(const Labels &labels) const
{
    return !matchers.empty()
           && std::all_of(matchers.begin(), matchers.end(),
                          [&](const Matcher &m) { return alertmanager::matches(m, labels); });
}

std::vector<Matcher> matchersForLabels(const Labels &labels)
{
    std::vector<Matcher> out;
    for (auto it = labels.begin(); it != labels.end(); ++it)
        out.push_back({it.key(), it.value(), false, true});
    return out;
}

bool isSilenced(const std::vector<Silence> &silences, const Labels &labels)
{
    return std::any_of(silences.begin(), silences.end(), [&](const Silence &s) {
        return s.state == SilenceState::Active && s.matches(labels);
    });
}

} // namespace vitals::alertmanager

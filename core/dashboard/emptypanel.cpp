#include "core/dashboard/emptypanel.h"

#include "core/dashboard/templating.h"
#include "core/promql/promqllanguage.h"
#include "core/units.h"

namespace vitals::dashboard {

EmptyPanelExplanation explainEmptyPanel(const EmptyPanelFacts &facts)
{
    const QString firstSent = facts.sentExpressions.value(0);
    if (facts.stackStarting)
        return {QStringLiteral("Starting… the local stack's first scrapes are on their way."), {}};

    for (qsizetype i = 0; i < facts.rawExpressions.size(); ++i) {
        const QStringList used = referencedVariables(facts.rawExpressions[i]);
        for (const Variable &v : facts.resolvedVariables) {
            if (v.kind != VariableKind::Query || !v.options.isEmpty() || !used.contains(v.name))
                continue;
            return {QStringLiteral("The variable $%1 matched nothing on this server (%2), so the "
                                   "query selects no series.")
                        .arg(v.name, v.query),
                    facts.sentExpressions.value(i)};
        }
    }

    if (facts.panelHintApplies && !facts.panelHint.isEmpty())
        return {facts.panelHint, QString()};

    if (facts.serverMetrics) {
        QStringList missing;
        QString where;
        for (const QString &expr : facts.sentExpressions)
            for (const QString &name : promql::metricNames(expr))
                if (!facts.serverMetrics->contains(name) && !missing.contains(name)) {
                    missing << name;
                    if (where.isEmpty())
                        where = expr;
                }
        // A panel that reads several metrics may still draw from the ones that exist; it is
        // empty, so the missing ones are the reason.
        if (!missing.isEmpty())
            return {missing.size() == 1
                        ? QStringLiteral("This server has no metric %1 — the panel needs it.")
                              .arg(missing.front())
                        : QStringLiteral("This server has none of these metrics, which the "
                                         "panel needs: %1.")
                              .arg(missing.join(QStringLiteral(", "))),
                    where};
    }

    if (facts.scrapeIntervalMs > 0) {
        for (const QString &expr : facts.sentExpressions)
            for (const qint64 range : promql::rangeDurationsMs(expr))
                if (range < 2 * facts.scrapeIntervalMs)
                    return {QStringLiteral("The rate window [%1] is shorter than two scrapes (the "
                                           "server scrapes every %2), so it never holds two "
                                           "samples. Use $__rate_interval, or a window of at "
                                           "least %3.")
                                .arg(units::durationString(range),
                                     units::formatDuration(double(facts.scrapeIntervalMs) / 1000.0),
                                     units::durationString(2 * facts.scrapeIntervalMs)),
                            expr};
    }

    return {QStringLiteral("The metrics exist, but have no samples in this range for this "
                           "selection."),
            firstSent};
}

} // namespace vitals::dashboard

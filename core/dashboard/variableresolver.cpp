#include "core/dashboard/variableresolver.h"

#include "core/dashboard/variablequery.h"
#include "core/prom/promclient.h"

#include <QRegularExpression>

#include <cmath>

namespace vitals::dashboard {

namespace {

const QString kAll = QString::fromLatin1(kAllValue);

QString valueText(double v)
{
    if (std::isnan(v))
        return QStringLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    return QString::number(v, 'g', 15);
}

// Sets the selection of `v` to `values` (All when empty or when it contains All).
void setSelection(Variable &v, const QStringList &values)
{
    if (values.isEmpty() || values.contains(kAll)) {
        v.current = v.includeAll ? kAll : v.options.value(0);
        v.currentValues.clear();
    } else if (v.multi) {
        v.current = values.front();
        v.currentValues = values;
    } else {
        v.current = values.front();
        v.currentValues.clear();
    }
}

} // namespace

VariableResolver::VariableResolver(prom::PromClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

VariableResolver::~VariableResolver() = default;

void VariableResolver::setClient(prom::PromClient *client)
{
    m_client = client;
    reload();
}

void VariableResolver::setDashboard(const Dashboard &dashboard)
{
    m_request.reset();
    m_loading = false;
    m_dashboard = dashboard;
    applyPins();
    loadFrom(0, true);
}

void VariableResolver::reload()
{
    applyPins();
    loadFrom(0, true);
}

void VariableResolver::applyPins()
{
    for (Variable &v : m_dashboard.variables) {
        const auto it = m_pinned.constFind(v.name);
        if (it == m_pinned.constEnd())
            continue;
        QStringList values = *it;
        if (!v.includeAll)
            values.replaceInStrings(QRegularExpression(QStringLiteral("^\\$__all$")),
                                    QStringLiteral("All"));
        if (values.contains(kAll)) {
            v.current = kAll;
            v.currentValues.clear();
        } else {
            v.current = values.value(0);
            v.currentValues = v.multi && values.size() > 1 ? values : QStringList();
        }
    }
}

bool VariableResolver::select(const QString &name, const QStringList &values)
{
    for (std::size_t i = 0; i < m_dashboard.variables.size(); ++i) {
        Variable &v = m_dashboard.variables[i];
        if (v.name != name)
            continue;
        const std::vector<Variable> before = m_dashboard.variables;
        setSelection(v, values);
        if (!m_loading)
            m_before = before;
        Q_EMIT variableUpdated(i, QString());
        m_changed = {v.name};
        loadFrom(i + 1, false);
        return true;
    }
    return false;
}

void VariableResolver::loadFrom(std::size_t index, bool all)
{
    m_request.reset();
    if (!m_loading) {
        if (all)
            m_before = m_dashboard.variables;
        m_problems.clear();
        if (all)
            m_unresolved.clear();
    }
    if (all)
        m_changed.clear();
    m_loading = true;
    m_loadAll = all;
    m_next = index;
    continueLoad();
}

void VariableResolver::continueLoad()
{
    while (m_next < m_dashboard.variables.size()) {
        Variable &v = m_dashboard.variables[m_next];
        switch (v.kind) {
        case VariableKind::Query: {
            bool needed = m_loadAll;
            for (const QString &ref : referencedVariables(v.query))
                needed = needed || m_changed.contains(ref);
            if (needed) {
                fetchOptions(m_next);
                return; // continues from the answer
            }
            break;
        }
        case VariableKind::Custom:
        case VariableKind::Interval:
            if (m_loadAll) {
                const QStringList previous = v.selection();
                v.options = customOptions(v.query);
                fixSelection(v);
                if (v.selection() != previous)
                    m_changed.insert(v.name);
                Q_EMIT variableUpdated(m_next, QString());
            }
            break;
        case VariableKind::Constant:
            break;
        }
        ++m_next;
    }
    finishLoad();
}

void VariableResolver::fetchOptions(std::size_t index)
{
    const Variable &v = m_dashboard.variables[index];
    if (!m_client) {
        applyOptions(index, {}, tr("not connected"));
        return;
    }
    const VariableValues values = selectedValues(m_dashboard, m_context);
    const QString expanded = expandVariables(v.query, values, m_context);
    const VariableQueryParse parsed = parseVariableQuery(expanded);
    if (!parsed.ok()) {
        applyOptions(index, {}, parsed.error);
        return;
    }
    const VariableQuery q = *parsed.query;
    prom::SelectorQuery selector;
    if (!q.match.isEmpty())
        selector.match << q.match;
    auto onStrings = [this, index, q](const prom::StringListResult &r) {
        if (!r.ok()) {
            applyOptions(index, {}, r.error.message);
            return;
        }
        applyOptions(index,
                     q.nameFilter.isEmpty() ? r.values : filterMetricNames(r.values, q.nameFilter),
                     QString());
    };
    auto onSeries = [this, index, q](const prom::SeriesResult &r) {
        if (!r.ok()) {
            applyOptions(index, {}, r.error.message);
            return;
        }
        std::vector<QMap<QString, QString>> maps;
        maps.reserve(r.series.size());
        for (const auto &labels : r.series)
            maps.push_back(labels.toMap());
        applyOptions(index, seriesCandidates(maps, q.label), QString());
    };
    switch (q.call) {
    case VariableQueryCall::LabelValues:
        m_request = m_client->labelValues(q.label, selector, this, onStrings);
        break;
    case VariableQueryCall::Series:
        if (q.label.isEmpty()) {
            m_request = m_client->series(selector, this, onSeries);
        } else {
            // Prometheus (2.24+) filters label values by match[]: one small answer instead of
            // every series. Backends that refuse it get the /series request.
            m_request = m_client->labelValues(
                q.label, selector, this,
                [this, selector, onStrings, onSeries](const prom::StringListResult &r) {
                    if (r.ok() || !m_client)
                        onStrings(r);
                    else
                        m_request = m_client->series(selector, this, onSeries);
                });
        }
        break;
    case VariableQueryCall::LabelNames:
        m_request = m_client->labels(selector, this, onStrings);
        break;
    case VariableQueryCall::InstantQuery: {
        prom::InstantQuery iq;
        iq.expr = q.expr;
        if (m_context.toMs > 0)
            iq.timeMs = m_context.toMs;
        m_request = m_client->query(iq, this, [this, index](const prom::QueryResult &r) {
            if (!r.ok()) {
                applyOptions(index, {}, r.error.message);
                return;
            }
            QStringList candidates;
            if (r.type == prom::ResultType::Vector) {
                for (const prom::VectorSample &s : r.vector)
                    candidates << queryResultText(s.labels.toMap(), valueText(s.value), s.tMs);
            } else if (r.type == prom::ResultType::Scalar) {
                candidates << queryResultText({}, valueText(r.scalar), r.tMs);
            } else if (r.type == prom::ResultType::String) {
                candidates << r.string;
            }
            applyOptions(index, candidates, QString());
        });
        break;
    }
    }
}

void VariableResolver::applyOptions(std::size_t index, const QStringList &candidates,
                                    const QString &error)
{
    Variable &v = m_dashboard.variables[index];
    const QStringList previous = v.selection();
    if (!error.isEmpty()) {
        m_problems << QStringLiteral("%1: %2").arg(v.name, error);
        m_unresolved.insert(v.name);
    } else {
        m_unresolved.remove(v.name);
        QString regexError;
        v.options = extractOptions(candidates, v.regex, &regexError);
        if (!regexError.isEmpty())
            m_problems << QStringLiteral("%1: %2").arg(v.name, regexError);
        fixSelection(v);
    }
    if (v.selection() != previous)
        m_changed.insert(v.name);
    Q_EMIT variableUpdated(index, error);
    m_next = index + 1;
    continueLoad();
}

void VariableResolver::fixSelection(Variable &v)
{
    const QStringList selection = v.selection();
    if (selection.contains(kAll) && v.includeAll) {
        v.current = kAll;
        v.currentValues.clear();
        return;
    }
    if (v.options.isEmpty())
        return; // nothing to choose from (yet): keep what the file says
    QStringList kept;
    for (const QString &s : selection)
        if (v.options.contains(s))
            kept << s;
    if (kept.isEmpty() && m_pinned.contains(v.name)) {
        m_problems << tr("%1: %2 is not among the server's values (%3); kept as given")
                          .arg(v.name, selection.join(QStringLiteral(", ")),
                               v.options.mid(0, 5).join(QStringLiteral(", "))
                                   + (v.options.size() > 5 ? QStringLiteral(", …") : QString()));
        return;
    }
    if (kept.isEmpty()) {
        setSelection(v, {});
        return;
    }
    v.current = kept.front();
    v.currentValues = v.multi ? kept : QStringList();
}

void VariableResolver::finishLoad()
{
    m_loading = false;
    m_changed.clear();
    const bool changed = m_before != m_dashboard.variables;
    m_before = m_dashboard.variables;
    Q_EMIT loaded(changed);
}

QStringList selectionSummary(const Dashboard &dashboard)
{
    QStringList out;
    for (const Variable &v : dashboard.variables) {
        if (v.kind == VariableKind::Constant)
            continue;
        const QStringList selection = v.selection();
        const QString value = selection.contains(kAll) ? QStringLiteral("All")
                              : selection.isEmpty()    ? QStringLiteral("(none)")
                                                       : selection.join(QStringLiteral(" + "));
        out << QStringLiteral("%1 = %2").arg(v.name, value);
    }
    return out;
}

bool parseVariableAssignments(const QStringList &assignments, QMap<QString, QStringList> *out,
                              QString *error)
{
    for (const QString &a : assignments) {
        const qsizetype eq = a.indexOf(u'=');
        const QString name = eq < 0 ? QString() : a.left(eq).trimmed();
        if (eq < 0 || name.isEmpty()) {
            if (error)
                *error = QStringLiteral("--var wants NAME=VALUE, got \"%1\"").arg(a);
            return false;
        }
        QString value = a.mid(eq + 1);
        if (value == u"All" || value == u"all")
            value = kAll;
        (*out)[name].append(value);
    }
    return true;
}

} // namespace vitals::dashboard

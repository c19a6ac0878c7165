#include "core/dashboard/dashboardfile.h"

#include "core/dashboard/dashboardlogging.h"
#include "core/dashboard/panelextras.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>
#include <utility>

// Writing the Vitals dashboard file (reading and validation: dashboardfile.cpp).
namespace vitals::dashboard {

namespace {

// JSON with members in the order they were added, so files read top-down like the documentation
// (QJsonObject would sort keys alphabetically).
struct Node {
    QJsonValue scalar;
    // Object members as parallel vectors: a std::pair<QString, Node> member would need Node to
    // be complete already, which GCC tolerates and clang's libstdc++ build rejects.
    std::vector<QString> keys;
    std::vector<Node> values;
    std::vector<Node> items;
    enum class Kind { Scalar, Object, Array } kind = Kind::Scalar;

    static Node object() { return Node{{}, {}, {}, {}, Kind::Object}; }
    static Node array() { return Node{{}, {}, {}, {}, Kind::Array}; }
    Node &add(const QString &key, Node value)
    {
        keys.push_back(key);
        values.push_back(std::move(value));
        return values.back();
    }
    Node &add(const QString &key, const QJsonValue &value)
    {
        return add(key, Node{value, {}, {}, {}, Kind::Scalar});
    }
    void push(Node value) { items.push_back(std::move(value)); }
};

QByteArray encodeScalar(const QJsonValue &value)
{
    QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

void write(const Node &node, int depth, QByteArray &out)
{
    const QByteArray pad(depth * 2, ' ');
    const QByteArray innerPad((depth + 1) * 2, ' ');
    switch (node.kind) {
    case Node::Kind::Scalar:
        out += encodeScalar(node.scalar);
        return;
    case Node::Kind::Object:
        if (node.keys.empty()) {
            out += "{}";
            return;
        }
        out += "{\n";
        for (std::size_t i = 0; i < node.keys.size(); ++i) {
            out += innerPad + encodeScalar(node.keys[i]) + ": ";
            write(node.values[i], depth + 1, out);
            out += i + 1 < node.keys.size() ? ",\n" : "\n";
        }
        out += pad + "}";
        return;
    case Node::Kind::Array:
        if (node.items.empty()) {
            out += "[]";
            return;
        }
        out += "[\n";
        for (std::size_t i = 0; i < node.items.size(); ++i) {
            out += innerPad;
            write(node.items[i], depth + 1, out);
            out += i + 1 < node.items.size() ? ",\n" : "\n";
        }
        out += pad + "]";
        return;
    }
}

void addIfSet(Node &node, const QString &key, const QString &value)
{
    if (!value.isEmpty())
        node.add(key, value);
}

Node stringArray(const QStringList &values)
{
    Node a = Node::array();
    for (const QString &v : values)
        a.push(Node{v, {}, {}, {}, Node::Kind::Scalar});
    return a;
}

Node toNode(const Query &q)
{
    Node n = Node::object();
    addIfSet(n, QStringLiteral("refId"), q.refId);
    n.add(QStringLiteral("expr"), q.expr);
    addIfSet(n, QStringLiteral("legendFormat"), q.legendFormat);
    if (q.instant)
        n.add(QStringLiteral("instant"), true);
    addIfSet(n, QStringLiteral("interval"), q.interval);
    return n;
}

Node toNode(const Panel &p)
{
    Node n = Node::object();
    n.add(QStringLiteral("id"), p.id);
    n.add(QStringLiteral("title"), p.title);
    n.add(QStringLiteral("type"), panelTypeName(p.type));
    addIfSet(n, QStringLiteral("description"), p.description);
    Node &grid = n.add(QStringLiteral("gridPos"), Node::object());
    grid.add(QStringLiteral("x"), p.gridPos.x);
    grid.add(QStringLiteral("y"), p.gridPos.y);
    grid.add(QStringLiteral("w"), p.gridPos.w);
    grid.add(QStringLiteral("h"), p.gridPos.h);
    addIfSet(n, QStringLiteral("unit"), p.unit);
    if (p.min)
        n.add(QStringLiteral("min"), *p.min);
    if (p.max)
        n.add(QStringLiteral("max"), *p.max);
    if (p.stacked)
        n.add(QStringLiteral("stacked"), true);
    if (!p.thresholds.steps.empty() || p.thresholds.higherIsBetter) {
        Node &t = n.add(QStringLiteral("thresholds"), Node::object());
        if (p.thresholds.higherIsBetter)
            t.add(QStringLiteral("higherIsBetter"), true);
        Node &steps = t.add(QStringLiteral("steps"), Node::array());
        for (const ThresholdStep &s : p.thresholds.steps) {
            Node step = Node::object();
            step.add(QStringLiteral("value"), s.value);
            step.add(QStringLiteral("level"), thresholdLevelName(s.level));
            steps.push(std::move(step));
        }
    }
    if (!p.queries.empty()) {
        Node &queries = n.add(QStringLiteral("queries"), Node::array());
        for (const Query &q : p.queries)
            queries.push(toNode(q));
    }
    addIfSet(n, QStringLiteral("content"), p.content);
    addIfSet(n, QStringLiteral("emptyHint"), p.emptyHint);
    for (const auto &[key, value] : panelExtrasToJson(p)) // Grafana's extras (panelextras.h)
        n.add(key, value);
    return n;
}

Node toNode(const Variable &v)
{
    Node n = Node::object();
    n.add(QStringLiteral("name"), v.name);
    addIfSet(n, QStringLiteral("label"), v.label);
    n.add(QStringLiteral("kind"), variableKindName(v.kind));
    n.add(QStringLiteral("query"), v.query);
    addIfSet(n, QStringLiteral("regex"), v.regex);
    if (v.multi)
        n.add(QStringLiteral("multi"), true);
    if (v.includeAll)
        n.add(QStringLiteral("includeAll"), true);
    addIfSet(n, QStringLiteral("allValue"), v.allValue);
    if (v.autoCount > 0)
        n.add(QStringLiteral("autoCount"), v.autoCount);
    addIfSet(n, QStringLiteral("autoMin"), v.autoMin);
    if (!v.options.isEmpty())
        n.add(QStringLiteral("options"), stringArray(v.options));
    if (!v.currentValues.isEmpty())
        n.add(QStringLiteral("current"), stringArray(v.currentValues));
    else
        addIfSet(n, QStringLiteral("current"), v.current);
    return n;
}

} // namespace

QByteArray serializeDashboard(const Dashboard &d)
{
    Node root = Node::object();
    root.add(QLatin1String(kFormatVersionKey), kFormatVersion);
    root.add(QStringLiteral("title"), d.title);
    addIfSet(root, QStringLiteral("uid"), d.uid);
    addIfSet(root, QStringLiteral("description"), d.description);
    root.add(QStringLiteral("defaultRange"), d.defaultRange);
    addIfSet(root, QStringLiteral("refresh"), d.refresh);
    if (d.alertShading != u"related")
        root.add(QStringLiteral("alertShading"), d.alertShading);
    Node &variables = root.add(QStringLiteral("variables"), Node::array());
    for (const Variable &v : d.variables)
        variables.push(toNode(v));
    Node &panels = root.add(QStringLiteral("panels"), Node::array());
    for (const Panel &p : d.panels)
        panels.push(toNode(p));
    QByteArray out;
    write(root, 0, out);
    out += '\n';
    return out;
}

bool saveDashboardFile(const Dashboard &dashboard, const QString &path, QString *error)
{
    auto failWith = [&](const QString &message) {
        if (error)
            *error = path + QStringLiteral(": ") + message;
        qCWarning(lcDashboard).noquote() << "cannot save dashboard" << path << message;
        return false;
    };
    const QString problem = validateDashboard(dashboard);
    if (!problem.isEmpty())
        return failWith(problem);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failWith(file.errorString());
    const QByteArray bytes = serializeDashboard(dashboard);
    if (file.write(bytes) != bytes.size())
        return failWith(file.errorString());
    if (!file.commit())
        return failWith(file.errorString());
    return true;
}

} // namespace vitals::dashboard

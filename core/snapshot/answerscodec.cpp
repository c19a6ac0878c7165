#include "core/snapshot/answerscodec.h"

namespace vitals::snapshot::codec {

QCborMap errorToCbor(const prom::Error &error)
{
    QCborMap e;
    e.insert(QStringLiteral("type"), prom::errorTypeName(error.type));
    e.insert(QStringLiteral("message"), error.message);
    e.insert(QStringLiteral("detail"), error.detail);
    e.insert(QStringLiteral("httpStatus"), error.httpStatus);
    return e;
}

prom::Error readError(Reader &r, const QCborValue &value, const QString &path)
{
    const QCborMap e = r.map(value, path);
    prom::Error error;
    error.type = prom::errorTypeFromName(r.text(e, QStringLiteral("type"), path));
    if (error.type == prom::ErrorType::None)
        error.type = prom::ErrorType::BadResponse;
    error.message = r.text(e, QStringLiteral("message"), path);
    error.detail = r.text(e, QStringLiteral("detail"), path);
    error.httpStatus = int(r.integer(e, QStringLiteral("httpStatus"), path));
    return error;
}

QCborMap externalToCbor(const panel::ExternalAnswers &a)
{
    QCborMap m;
    m.insert(QStringLiteral("fromMs"), a.fromMs);
    m.insert(QStringLiteral("toMs"), a.toMs);
    m.insert(QStringLiteral("stepMs"), a.stepMs);
    m.insert(QStringLiteral("previousWindow"), a.previousWindow);
    m.insert(QStringLiteral("amber"), a.amber);
    m.insert(QStringLiteral("red"), a.red);
    QCborArray answers;
    for (const panel::QueryAnswer &q : a.answers) {
        QCborMap qm;
        qm.insert(QStringLiteral("range"), q.range);
        qm.insert(QStringLiteral("expr"), q.expr);
        QCborArray series;
        for (const series::Series &s : q.series) {
            QCborMap sm;
            sm.insert(QStringLiteral("labels"), labelsToCbor(s.labels()));
            samplesToCbor(s, sm);
            series.append(sm);
        }
        qm.insert(QStringLiteral("series"), series);
        QCborArray values;
        for (const prom::VectorSample &v : q.values) {
            QCborMap vm;
            vm.insert(QStringLiteral("labels"), labelsToCbor(v.labels));
            vm.insert(QStringLiteral("tMs"), v.tMs);
            vm.insert(QStringLiteral("value"), v.value);
            values.append(vm);
        }
        qm.insert(QStringLiteral("values"), values);
        if (q.error.isError())
            qm.insert(QStringLiteral("error"), errorToCbor(q.error));
        answers.append(qm);
    }
    m.insert(QStringLiteral("answers"), answers);
    if (a.firstError.isError())
        m.insert(QStringLiteral("firstError"), errorToCbor(a.firstError));
    return m;
}

std::shared_ptr<const panel::ExternalAnswers> readExternal(Reader &r, const QCborValue &value,
                                                           const QString &path)
{
    const QCborMap m = r.map(value, path);
    auto a = std::make_shared<panel::ExternalAnswers>();
    a->fromMs = r.integer(m, QStringLiteral("fromMs"), path);
    a->toMs = r.integer(m, QStringLiteral("toMs"), path);
    a->stepMs = r.integer(m, QStringLiteral("stepMs"), path);
    a->previousWindow = m.value(QStringLiteral("previousWindow")).toBool();
    a->amber = r.number(m, QStringLiteral("amber"), path);
    a->red = r.number(m, QStringLiteral("red"), path);
    const QCborArray answers = r.array(m, QStringLiteral("answers"), path);
    for (qsizetype i = 0; i < answers.size() && !r.failed(); ++i) {
        const QString qp = QStringLiteral("%1.answers[%2]").arg(path).arg(i);
        const QCborMap qm = r.map(answers.at(i), qp);
        panel::QueryAnswer q;
        q.range = qm.value(QStringLiteral("range")).toBool();
        q.expr = r.text(qm, QStringLiteral("expr"), qp);
        const QCborArray series = r.array(qm, QStringLiteral("series"), qp);
        for (qsizetype j = 0; j < series.size() && !r.failed(); ++j) {
            const QString sp = QStringLiteral("%1.series[%2]").arg(qp).arg(j);
            const QCborMap sm = r.map(series.at(j), sp);
            q.series.push_back(readSamples(r, sm, sp, r.labels(sm, QStringLiteral("labels"), sp)));
        }
        const QCborArray values = r.array(qm, QStringLiteral("values"), qp);
        for (qsizetype j = 0; j < values.size() && !r.failed(); ++j) {
            const QString vp = QStringLiteral("%1.values[%2]").arg(qp).arg(j);
            const QCborMap vm = r.map(values.at(j), vp);
            prom::VectorSample v;
            v.labels = r.labels(vm, QStringLiteral("labels"), vp);
            v.tMs = r.integer(vm, QStringLiteral("tMs"), vp);
            v.value = r.number(vm, QStringLiteral("value"), vp);
            q.values.push_back(std::move(v));
        }
        if (qm.contains(QStringLiteral("error")))
            q.error =
                readError(r, qm.value(QStringLiteral("error")), qp + QStringLiteral(".error"));
        a->answers.push_back(std::move(q));
    }
    if (m.contains(QStringLiteral("firstError")))
        a->firstError = readError(r, m.value(QStringLiteral("firstError")),
                                  path + QStringLiteral(".firstError"));
    if (r.failed())
        return nullptr;
    return a;
}

} // namespace vitals::snapshot::codec

#pragma once

#include <QString>
#include <QStringList>

// Reading PDFs the console wrote, through poppler-utils (pdfinfo, pdftotext).
namespace vitals::testsupport {

// The page count pdfinfo reports; -1 when pdfinfo fails.
int pdfPages(const QString &path);

// The text pdftotext -layout extracts, with the fi/fl ligatures spelled out; pages end with a
// form feed (\f).
QString pdfText(const QString &path);

// pdfText() page by page.
QStringList pdfPageTexts(const QString &path);

} // namespace vitals::testsupport

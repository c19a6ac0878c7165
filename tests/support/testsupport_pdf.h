#pragma once

#include <QString>

// Reading PDFs the console wrote, through poppler-utils (pdfinfo, pdftotext).
namespace vitals::testsupport {

// The page count pdfinfo reports; -1 when pdfinfo fails.
int pdfPages(const QString &path);

// The text pdftotext -layout extracts, with the fi/fl ligatures spelled out.
QString pdfText(const QString &path);

} // namespace vitals::testsupport

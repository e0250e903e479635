#pragma once
// The probe's output: one JSON object per line on stdout, read by the functional tests.

#include <QString>
#include <QVariantMap>

// One JSON line on stdout: {"event": name, ...fields}.
void logEvent(const QString& name, const QVariantMap& fields = {});

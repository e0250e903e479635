#include "probe_log.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

void logEvent(const QString& name, const QVariantMap& fields) {
  QVariantMap m = fields;
  m.insert("event", name);
  const QByteArray line = QJsonDocument(QJsonObject::fromVariantMap(m)).toJson(QJsonDocument::Compact);
  std::fprintf(stdout, "%s\n", line.constData());
  std::fflush(stdout);
}

#include "logos/host/discovery.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QPluginLoader>

#include "lezpay/fileio/atomic_file.h"
#include "lezpay/util/json_parse.h"
#include "logos/logos_module.h"

namespace logos::host {
namespace {

const QString kSuffix = QStringLiteral("_plugin.so");

void inspect(const QFileInfo& file, Discovery& out, bool inSubdir) {
  const std::string path = file.absoluteFilePath().toStdString();
  const std::string expected = file.fileName().chopped(kSuffix.size()).toStdString();
  auto problem = [&](const std::string& reason) { out.problems.push_back({expected, path, reason}); };

  QPluginLoader loader(file.absoluteFilePath());
  const QJsonObject meta = loader.metaData();  // reads the ELF section; runs no module code
  if (meta.isEmpty()) {
    problem("not a loadable Qt plugin (no plugin metadata could be read from the file)");
    return;
  }
  if (meta.value("IID").toString() != QStringLiteral(LOGOS_MODULE_IID)) {
    problem("plugin interface id is '" + meta.value("IID").toString().toStdString() + "', expected '" +
            LOGOS_MODULE_IID + "'");
    return;
  }
  const QJsonValue embedded = meta.value("MetaData");
  if (!embedded.isObject()) {
    problem("metadata.json embedded in the plugin is missing or not an object");
    return;
  }
  auto embeddedJson = lezpay::util::parseJson(QJsonDocument(embedded.toObject()).toJson(QJsonDocument::Compact).toStdString());
  if (!embeddedJson.ok()) {
    problem("embedded metadata.json: " + embeddedJson.error().message);
    return;
  }
  auto parsed = parseModuleMetadata(embeddedJson.value());
  if (!parsed.ok()) {
    problem("embedded metadata.json: " + parsed.error().message);
    return;
  }
  if (parsed->name != expected) {
    problem("metadata name '" + parsed->name + "' does not match the file name '" + file.fileName().toStdString() + "'");
    return;
  }
  // In the <modules>/<name>/<name>_plugin.so layout the directory is part of the module's identity.
  if (inSubdir && file.dir().dirName().toStdString() != expected) {
    problem("directory name '" + file.dir().dirName().toStdString() + "' does not match the module name '" + expected + "'");
    return;
  }
  // A metadata.json beside the library must be the same document as the embedded one: a stale
  // or hand-edited copy would otherwise describe a different module than the one that runs.
  const std::string sidecar = file.dir().absoluteFilePath(QStringLiteral("metadata.json")).toStdString();
  auto text = lezpay::fileio::readFile(sidecar);
  if (text.ok()) {
    auto side = parseModuleMetadataText(text.value());
    if (!side.ok()) {
      out.problems.push_back({expected, sidecar, side.error().message});
      return;
    }
    if (side->raw != embeddedJson.value()) {
      out.problems.push_back({expected, sidecar, "differs from the metadata embedded in " + path + " (rebuild the module)"});
      return;
    }
  }
  if (const auto* dup = out.find(expected)) {
    problem("module '" + expected + "' is already provided by " + dup->libraryPath);
    return;
  }
  out.modules.push_back({parsed.value(), path});
}

void scanDir(const QDir& dir, Discovery& out, bool inSubdir) {
  for (const QFileInfo& f : dir.entryInfoList({QStringLiteral("*") + kSuffix}, QDir::Files, QDir::Name)) inspect(f, out, inSubdir);
}

}  // namespace

const DiscoveredModule* Discovery::find(const std::string& name) const {
  for (const auto& m : modules) {
    if (m.metadata.name == name) return &m;
  }
  return nullptr;
}

const DiscoveryProblem* Discovery::problemFor(const std::string& name) const {
  for (const auto& p : problems) {
    if (p.module == name) return &p;
  }
  return nullptr;
}

Discovery discoverModules(const std::vector<std::string>& moduleDirs) {
  Discovery out;
  for (const auto& d : moduleDirs) {
    QDir dir(QString::fromStdString(d));
    if (!dir.exists()) {
      out.problems.push_back({"", d, "module directory does not exist"});
      continue;
    }
    scanDir(dir, out, false);
    for (const QFileInfo& sub : dir.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
      scanDir(QDir(sub.absoluteFilePath()), out, true);
    }
  }
  return out;
}

}  // namespace logos::host

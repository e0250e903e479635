#include "logos/host/install_request.h"

#include <QtGlobal>

#include "logos/host/module_host.h"
#include "logos/host/module_install.h"
#include "logos/host/request_line.h"

namespace logos::host {

Json installModuleRequest(ModuleHost& host, bool viaLocalSocket, const Json& params) {
  const std::string path = stringParam(params, "path");
  auto refuse = [&path](ErrorCode code, const std::string& reason, const std::string& message) {
    Json e = errorEnvelope(code, message);
    if (!reason.empty()) e["reason"] = reason;
    e["package"] = path;
    return e;
  };
  if (!viaLocalSocket) {
    return refuse(ErrorCode::Forbidden, "", "install-module names a file on the daemon's machine; send it over the daemon's local socket");
  }
  if (path.empty() || path.front() != '/') return refuse(ErrorCode::InvalidArgs, "", "install_module needs \"path\": the absolute path of a .lgx file");
  if (host.moduleDirs().empty()) return refuse(ErrorCode::PackageRefused, "LGX_IO", "the daemon has no modules directory to install into (start it with -m <dir>)");
  const std::string& dir = host.moduleDirs().front();
  auto installed = installModulePackage(path, dir);
  if (!installed.ok()) {
    qWarning("install-module: refused %s: %s: %s", path.c_str(), installed.error().code.c_str(), installed.error().message.c_str());
    return refuse(ErrorCode::PackageRefused, installed.error().code, "package refused: " + installed.error().message);
  }
  host.rediscover();
  const auto& m = installed.value();
  qInfo("install-module: installed %s %s (%s) into %s", m.name.c_str(), m.version.c_str(), m.variant.c_str(), m.directory.c_str());
  return okEnvelope(Json{{"module", m.name},
                         {"result", Json{{"name", m.name}, {"version", m.version}, {"variant", m.variant}, {"directory", m.directory},
                                         {"files", m.files}, {"root_hash", m.rootHash}, {"signed", m.signedPackage}}}});
}

}  // namespace logos::host

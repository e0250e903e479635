#pragma once
// What the ModuleHost QtTest suites share: a persistence directory for the run, and loading a
// module or calling an operation while the test's event loop runs until the host answers.

#include <QtTest>

#include <QTemporaryDir>

#include <string>

#include "logos/host/module_host.h"

namespace host_test {

using logos::Json;
using logos::host::ModuleHost;

inline QTemporaryDir& persistence() {
  static QTemporaryDir dir;
  return dir;
}

inline Json testTimeout() { return Json{{"status", "error"}, {"code", "TEST_TIMEOUT"}, {"message", ""}}; }

inline Json load(ModuleHost& host, const std::string& name) {
  Json out;
  bool done = false;
  host.loadModule(name, [&](Json r) {
    out = std::move(r);
    done = true;
  });
  if (!QTest::qWaitFor([&] { return done; }, 10000)) return testTimeout();
  return out;
}

inline Json call(ModuleHost& host, const std::string& module, const std::string& method, Json args, int timeoutMs = 0) {
  Json out;
  bool done = false;
  host.call(module, method, std::move(args), timeoutMs, [&](Json r) {
    out = std::move(r);
    done = true;
  });
  if (!QTest::qWaitFor([&] { return done; }, 15000)) return testTimeout();
  return out;
}

inline QString code(const Json& e) { return QString::fromStdString(e.value("code", "")); }
inline QString message(const Json& e) { return QString::fromStdString(e.value("message", "")); }

}  // namespace host_test

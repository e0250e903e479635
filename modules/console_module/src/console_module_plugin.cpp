// console_module: the owner's console (docs/protocol.md "console_module"). The plugin holds the
// settings and the operations; console_server.h serves the pages and the API.
#include <QDir>
#include <QFileInfo>
#include <QObject>

#include <memory>

#include "console_config.h"
#include "console_errors.h"
#include "console_server.h"
#include "logos/envelope.h"
#include "logos/sdk/module_base.h"

namespace console {

using logos::Json;
using PT = logos::ParamType;

class ConsoleModule : public logos::sdk::ModuleBase {
 public:
  ConsoleModule() : ModuleBase("console_module", "0.1.0") {
    declareErrors(consoleErrors());
    const Json infoShape{{"running", "bool"}, {"url", "string"}, {"host", "string"}, {"port", "u64"}, {"static_dir", "string"},
                         {"idle_timeout_seconds", "u64"}, {"absolute_timeout_seconds", "u64"}, {"sessions", "u64"}};
    const Json infoExample{{"running", true},         {"url", "http://127.0.0.1:38211/"}, {"host", "127.0.0.1"},
                           {"port", 38211},           {"static_dir", "/opt/lez-pay/console"}, {"idle_timeout_seconds", 1800},
                           {"absolute_timeout_seconds", 43200}, {"sessions", 0}};
    auto spec = [&infoShape](logos::OperationSpec s) {
      s.resultShape = infoShape;
      return s;
    };
    addOperation(spec({"getConsoleInfo", "The console's URL and settings (url is empty while stopped).", {}, infoExample, Json::object()}),
                 [this](const logos::sdk::Args&) { return info(); });
    addOperation(spec({"startConsole", "Starts (or restarts) the console with these settings; absent keys keep their value (persisted).",
                       {{"host", PT::String, false, nullptr, "listen address (127.0.0.1; another needs allow_non_loopback)"},
                        {"port", PT::U64, false, nullptr, "TCP port, 0 = any free port (the bound one is reported)"},
                        {"allow_non_loopback", PT::Bool, false, nullptr, "allow a host other than loopback"},
                        {"static_dir", PT::String, false, nullptr, "directory of the pages (\"\" = the built console/ directory)"},
                        {"idle_timeout_seconds", PT::U64, false, nullptr, "a session ends after this long without a request (1800)"},
                        {"absolute_timeout_seconds", PT::U64, false, nullptr, "a session ends this long after sign-in (43200)"}},
                       infoExample, Json{{"port", 0}}}),
                 [this](const logos::sdk::Args& a) { return startWith(a.json()); });
    addOperation(spec({"stopConsole", "Stops the console and keeps it stopped across restarts (startConsole starts it again).", {},
                       infoExample, Json::object()}),
                 [this](const logos::sdk::Args&) {
                   server_->stop();
                   config_.running = false;
                   if (auto st = saveConfig(configPath(), config_); !st.ok()) return logos::errorEnvelope(st.error().code, st.error().message);
                   return info();
                 });
  }

 protected:
  Json onInit() override {
    server_ = std::make_unique<ConsoleServer>(context());
    auto loaded = loadConfig(configPath());
    if (!loaded.ok()) return logos::errorEnvelope(loaded.error().code, loaded.error().message);
    config_ = loaded.value();
    ConsoleServer* server = server_.get();
    context()->subscribe("x402_module", "", [server](const std::string& module, const std::string& event, const Json& args) {
      server->onModuleEvent(module, event, args);
    });
    context()->subscribe("payment_streams_module", "", [server](const std::string& module, const std::string& event, const Json& args) {
      server->onStreamsEvent(module, event, args);
    });
    if (config_.running) {
      auto st = server_->start(config_, staticDir());
      if (!st.ok()) return logos::errorEnvelope(st.error().code, st.error().message);
      qInfo("lezpay.console: the owner's console is at %s (pages from %s)", server_->url().c_str(), staticDir().c_str());
    }
    return logos::okEnvelope();
  }
  void onShutdown() override {
    if (server_) server_->stop();
  }

 private:
  std::string configPath() const { return context()->persistencePath() + "/console_config.json"; }

  // The configured directory, else the pages installed with the module from its .lgx, else the
  // built console/ next to the module tree, else the repository's console/ (a build without the
  // copy step).
  std::string staticDir() const {
    if (!config_.staticDir.empty()) return QFileInfo(QString::fromStdString(config_.staticDir)).absoluteFilePath().toStdString();
    const std::vector<std::string> candidates = {
        QDir(QString::fromStdString(context()->modulePath() + "/console")).absolutePath().toStdString(),
        QDir(QString::fromStdString(context()->modulePath() + "/../../console")).absolutePath().toStdString(),
        LEZPAY_CONSOLE_BUILD_DIR, LEZPAY_CONSOLE_SOURCE_DIR};
    for (const auto& c : candidates) {
      if (QFileInfo::exists(QString::fromStdString(c + "/index.html"))) return c;
    }
    return candidates[1];  // none has pages: report the usual built location
  }

  Json info() const {
    return logos::okEnvelope(Json{{"running", server_->running()},
                                  {"url", server_->url()},
                                  {"host", config_.host},
                                  {"port", server_->port()},
                                  {"static_dir", staticDir()},
                                  {"idle_timeout_seconds", config_.idleTimeoutSeconds},
                                  {"absolute_timeout_seconds", config_.absoluteTimeoutSeconds},
                                  {"sessions", server_->sessionCount()}});
  }

  Json startWith(const Json& params) {
    Json given = Json::object();
    for (auto it = params.begin(); it != params.end(); ++it) {
      if (!it->is_null()) given[it.key()] = *it;
    }
    auto next = applyJson(config_, given);
    if (!next.ok()) return logos::errorEnvelope(next.error().code, next.error().message);
    ConsoleConfig c = next.value();
    c.running = true;
    const ConsoleConfig previous = config_;
    config_ = c;
    auto st = server_->start(config_, staticDir());
    if (!st.ok()) {
      config_ = previous;
      if (previous.running) (void)server_->start(previous, staticDir());
      return logos::errorEnvelope(st.error().code, st.error().message);
    }
    if (auto saved = saveConfig(configPath(), config_); !saved.ok()) return logos::errorEnvelope("IO_ERROR", saved.error().message);
    return info();
  }

  ConsoleConfig config_;
  std::unique_ptr<ConsoleServer> server_;
};

}  // namespace console

class ConsoleModulePlugin : public QObject, public console::ConsoleModule {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID LOGOS_MODULE_IID FILE "../metadata.json")
  Q_INTERFACES(logos::LogosModule)
};

#include "console_module_plugin.moc"

// `logoscore -D`: the module host daemon. Loads nothing by itself; clients load modules.
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QDir>
#include <QSocketNotifier>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <functional>
#include <optional>
#include <cstdio>
#include <cstdlib>
#include <sys/socket.h>
#include <unistd.h>

#include "lezpay/fileio/atomic_file.h"
#include "logos/host/child_module.h"
#include "logos/host/client_token_check.h"
#include "logos/host/client_transport.h"
#include "logos/host/daemon_config_file.h"
#include "logos/envelope.h"
#include "logos/host/daemon_files.h"
#include "logos/host/daemon_settings_apply.h"
#include "logos/host/daemon_settings_file.h"
#include "logos/host/log_levels.h"
#include "logos/host/settings_reload_plan.h"
#include "logos/host/module_host.h"
#include "logos/host/rpc_server.h"
#include "logos/host/transport_spec.h"
#include "main_entry.h"

namespace logos::host {
namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int sig) {
  char c = static_cast<char>(sig);
  [[maybe_unused]] auto n = ::write(signalPipe[1], &c, 1);
}

const char* kDaemonUsage =
    "usage: logoscore -D [-m <modules dir>]... [--config-dir <dir>] [--persistence-path <dir>]\n"
    "                    [--access-policy off|enforce|<json>|<file>] [--call-timeout-ms <ms>]\n"
    "                    [--module-transport core_service|capability_module=tcp|tcp_ssl[,host=H][,port=P]\n"
    "                       [,codec=json][,cert=PEM,key=PEM][,ca=PEM][,verify_peer=true|false]]... [--insecure-tcp]\n"
    "                    [--log-level <level>|default=<level>,<module>=<level>,...]\n"
    "                                         levels debug, info, warning, critical, off, per module\n"
    "                    [--persist-config]   save these flags to <config dir>/daemon/config.json; later starts\n"
    "                                         read it, and flags given on the command line win\n"
    "                    [--config <file>]    the daemon's configuration: flags, modules to load and their\n"
    "                                         settings (docs/protocol.md); `logoscore reload` or SIGHUP re-reads it\n"
    "                    [--check-config]     with --config: check the file (every field, and that its modules\n"
    "                                         are in the modules directories), print ok and exit; starts nothing\n"
    "                    [--in-process]       run modules as threads of the daemon instead of one process each\n"
    "  module data goes to --persistence-path, else <config dir>/data\n";

// Module data base (logos-core.md §17): --persistence-path (`~/` expanded, relative to the working
// directory) else <configDir>/data, so that daemons with different config dirs share nothing.
std::string persistenceBase(const std::string& given, const std::string& configDir) {
  if (given.empty()) return QDir(QString::fromStdString(configDir)).absoluteFilePath("data").toStdString();
  QString path = QString::fromStdString(given);
  if (path == "~" || path.startsWith("~/")) path = QDir::homePath() + path.mid(1);
  return QDir::cleanPath(QDir::current().absoluteFilePath(path)).toStdString();
}

// Each setting the command line left unset takes the file's value (daemon/config.json or the
// flags of a --config file). `path` names the file in errors.
lezpay::util::Status applyFileFlags(const std::string& path, const DaemonConfigFile& f, const DaemonConfigFile& given, HostOptions& options,
                                    std::string& policyText, std::vector<ListenerSpec>& listenerSpecs, bool& insecureTcp) {
  if (given.modulesDirs.empty()) options.moduleDirs = f.modulesDirs;
  if (!given.accessPolicy && f.accessPolicy) policyText = *f.accessPolicy;
  if (!given.callTimeoutMs && f.callTimeoutMs) options.defaultCallTimeoutMs = *f.callTimeoutMs;
  if (given.moduleTransports.empty()) {
    for (std::size_t i = 0; i < f.moduleTransports.size(); ++i) {
      auto spec = parseModuleTransport(f.moduleTransports[i]);
      if (!spec.ok()) {
        return lezpay::util::Error{std::string(kInvalidConfigCode),
                                   path + ": module_transports[" + std::to_string(i) + "]: " + spec.error().message};
      }
      listenerSpecs.push_back(spec.value());
    }
  }
  if (!given.insecureTcp && f.insecureTcp) insecureTcp = *f.insecureTcp;
  return lezpay::util::okStatus();
}

// Where each module runs (child_module.h): its own process unless --in-process, else the file's
// in_process, else $LOGOSCORE_MODULE_MODE (in-process | process; lets a test suite or a script run
// every daemon it starts in one mode) say otherwise. The host binary sits beside logoscore; private
// temp dirs go under daemon/tmp, emptied at start (a crashed daemon's children left theirs).
lezpay::util::Status chooseModuleProcesses(const DaemonConfigFile& given, const DaemonConfigFile& file, const DaemonPaths& paths,
                                           const std::optional<DaemonSettings>& settings, HostOptions& options) {
  bool inProcess = false;
  if (given.inProcess || file.inProcess) {
    inProcess = given.inProcess.value_or(false) || (!given.inProcess && file.inProcess.value_or(false));
  } else if (const char* mode = std::getenv("LOGOSCORE_MODULE_MODE"); mode != nullptr && *mode != '\0') {
    const std::string m(mode);
    if (m != "in-process" && m != "process") {
      return lezpay::util::Error{std::string(kInvalidConfigCode), "LOGOSCORE_MODULE_MODE: '" + m + "' is not in-process or process"};
    }
    inProcess = m == "in-process";
  }
  if (inProcess) return lezpay::util::okStatus();
  ChildProcessOptions p;
  p.hostBinary = (QCoreApplication::applicationDirPath() + "/logos-module-host").toStdString();
  p.tmpBase = paths.daemonDir() + "/tmp";
  QDir(QString::fromStdString(p.tmpBase)).removeRecursively();
  if (settings) {
    for (const auto& m : settings->modules) {
      if (m.restart) p.restart[m.name] = *m.restart == kRestartStayDown ? RestartPolicy::StayDown : RestartPolicy::Restart;
    }
  }
  options.processes = p;
  return lezpay::util::okStatus();
}

// daemon/config.json (--persist-config, logos-core.md §7). Answers the file's settings (empty when
// there is no file); an unreadable or invalid file is an error naming the field, and the daemon exits 1.
lezpay::util::Result<DaemonConfigFile> applySavedConfig(const std::string& configDir, const DaemonConfigFile& given, HostOptions& options,
                                                        std::string& policyText, std::vector<ListenerSpec>& listenerSpecs, bool& insecureTcp) {
  const std::string path = DaemonPaths{configDir}.daemonDir() + "/config.json";
  auto text = lezpay::fileio::readFile(path);
  if (!text.ok()) {
    if (text.error().code == "NOT_FOUND") return DaemonConfigFile{};
    return text.error();
  }
  auto file = decodeDaemonConfig(text.value());
  if (!file.ok()) return lezpay::util::Error{file.error().code, path + ": " + file.error().message.substr(std::string("daemon/config.json: ").size())};
  auto applied = applyFileFlags(path, file.value(), given, options, policyText, listenerSpecs, insecureTcp);
  if (!applied.ok()) return applied.error();
  return file;
}

// The --config file, decoded; errors read "<file>: <field path>: <why>".
lezpay::util::Result<DaemonSettings> readSettingsFile(const std::string& path) {
  auto text = lezpay::fileio::readFile(path);
  if (!text.ok()) return lezpay::util::Error{std::string(kInvalidConfigCode), path + ": " + text.error().message};
  auto settings = decodeDaemonSettings(text.value());
  if (!settings.ok()) return lezpay::util::Error{settings.error().code, path + ": " + settings.error().message};
  return settings;
}

// Writes the command line's settings (not the file's) to daemon/config.json, 0600.
lezpay::util::Status persistDaemonConfig(const std::string& configDir, const DaemonConfigFile& given) {
  const DaemonPaths paths{configDir};
  for (const auto& dir : {paths.configDir, paths.daemonDir()}) {
    auto st = lezpay::fileio::makePrivateDirs(dir);
    if (!st.ok()) return st;
  }
  return lezpay::fileio::writeFileAtomic(paths.daemonDir() + "/config.json", encodeDaemonConfig(given), 0600);
}

// Sets the logging rules of every module category (log_levels.h); nothing set: info.
void applyLogLevels(const std::optional<LogLevels>& levels) {
  const std::string rules = qtLoggingRules(levels.value_or(LogLevels{}));
  QLoggingCategory::setFilterRules(QString::fromStdString(rules));
  setChildLogRules(rules);
  const std::string spec = levels ? encodeLogLevelSpec(*levels) : std::string();
  std::fprintf(stderr, "logoscore: log levels: %s\n", spec.empty() ? "info (the default)" : spec.c_str());
}

// A module named in log_levels must be one the directories hold: a typo would silently log nothing.
std::optional<std::string> unknownLogModule(const ModuleHost& host, const std::optional<LogLevels>& levels) {
  if (!levels) return std::nullopt;
  for (const auto& [name, _] : levels->modules) {
    if (host.discovery().find(name) == nullptr) return name;
  }
  return std::nullopt;
}

int fail(const std::string& message) {
  std::fprintf(stderr, "logoscore: %s\n%s", message.c_str(), kDaemonUsage);
  return 1;
}

}  // namespace

int runDaemon(const std::vector<std::string>& args) {
  HostOptions options;
  std::string configDir = defaultConfigDir();
  std::string policyText = "enforce";
  bool persistenceGiven = false;
  std::vector<ListenerSpec> listenerSpecs;
  bool insecureTcp = false;
  // What the command line said, for --persist-config and for the saved file's fallbacks.
  DaemonConfigFile given;
  bool persistConfig = false;
  bool checkOnly = false;
  std::string settingsPath;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string& out) -> bool {
      if (i + 1 >= args.size()) return false;
      out = args[++i];
      return true;
    };
    std::string v;
    if (a == "-D" || a == "daemon") continue;
    if (a == "-m" || a == "--modules-dir") {
      if (!value(v)) return fail(a + " needs a directory");
      options.moduleDirs.push_back(v);
      given.modulesDirs.push_back(QDir::current().absoluteFilePath(QString::fromStdString(v)).toStdString());
    } else if (a == "--config-dir") {
      if (!value(configDir)) return fail("--config-dir needs a directory");
    } else if (a == "--persistence-path") {
      if (!value(options.persistencePath) || options.persistencePath.empty()) return fail("--persistence-path needs a directory");
      persistenceGiven = true;
      given.persistencePath = persistenceBase(options.persistencePath, configDir);
    } else if (a == "--access-policy") {
      if (!value(policyText)) return fail("--access-policy needs off, enforce, a JSON policy or a file");
      given.accessPolicy = policyText;
    } else if (a == "--call-timeout-ms") {
      if (!value(v)) return fail("--call-timeout-ms needs a number");
      char* end = nullptr;
      long ms = std::strtol(v.c_str(), &end, 10);
      if (*end != '\0' || ms <= 0 || ms > 3600000) return fail("--call-timeout-ms: '" + v + "' is not a number of milliseconds (1..3600000)");
      options.defaultCallTimeoutMs = static_cast<int>(ms);
      given.callTimeoutMs = static_cast<int>(ms);
    } else if (a == "--module-transport") {
      if (!value(v)) return fail("--module-transport needs NAME=PROTO[,key=value...]");
      auto spec = parseModuleTransport(v);
      if (!spec.ok()) return fail(spec.error().message);
      listenerSpecs.push_back(spec.value());
      given.moduleTransports.push_back(v);
    } else if (a == "--in-process") {
      given.inProcess = true;
    } else if (a == "--insecure-tcp") {
      insecureTcp = true;
      given.insecureTcp = true;
    } else if (a == "--log-level") {
      if (!value(v)) return fail("--log-level needs a level or default=<level>,<module>=<level>,...");
      auto levels = parseLogLevelSpec(v, "--log-level");
      if (!levels.ok()) return fail(levels.error().message);
      given.logLevels = levels.value();
    } else if (a == "--check-config") {
      checkOnly = true;
    } else if (a == "--persist-config") {
      persistConfig = true;
    } else if (a == "--config") {
      if (!value(settingsPath) || settingsPath.empty()) return fail("--config needs a file");
      settingsPath = QDir::current().absoluteFilePath(QString::fromStdString(settingsPath)).toStdString();
    } else if (a == "-h" || a == "--help") {
      std::fputs(kDaemonUsage, stdout);
      return 0;
    } else {
      return fail("unknown daemon argument '" + a + "'");
    }
  }
  // With --config the file is the daemon's whole configuration: daemon/config.json is not read.
  std::optional<DaemonSettings> settings;
  lezpay::util::Result<DaemonConfigFile> saved = DaemonConfigFile{};
  if (!settingsPath.empty()) {
    if (persistConfig) return fail("--persist-config and --config exclude each other: put the flags into the --config file");
    auto read = readSettingsFile(settingsPath);
    if (!read.ok()) return fail(read.error().message);
    settings = read.value();
    auto applied = applyFileFlags(settingsPath, settings->flags, given, options, policyText, listenerSpecs, insecureTcp);
    if (!applied.ok()) return fail(applied.error().message);
    saved = settings->flags;
  } else {
    saved = applySavedConfig(configDir, given, options, policyText, listenerSpecs, insecureTcp);
    if (!saved.ok()) return fail(saved.error().message);
  }
  // The command line's --log-level wins over the file's log_levels, as every flag does.
  const std::optional<LogLevels> startLevels = given.logLevels ? given.logLevels : saved.value().logLevels;
  const std::string levelsSource = given.logLevels ? std::string("--log-level")
                                   : settings     ? settingsPath + ": log_levels"
                                                  : DaemonPaths{configDir}.daemonDir() + "/config.json: log_levels";
  applyLogLevels(startLevels);
  persistenceGiven = persistenceGiven || given.persistencePath || saved.value().persistencePath;
  if (!given.persistencePath && saved.value().persistencePath) options.persistencePath = *saved.value().persistencePath;
  options.persistencePath = persistenceBase(persistenceGiven ? options.persistencePath : std::string(), configDir);
  if (!policyText.empty() && policyText[0] != '{' && policyText != "off" && policyText != "enforce" && policyText != "on") {
    auto file = lezpay::fileio::readFile(policyText);
    if (!file.ok()) return fail("--access-policy: " + file.error().message);
    policyText = file.value();
  }
  auto policy = AccessPolicy::parse(policyText);
  if (!policy.ok()) return fail(policy.error().message);
  options.policy = policy.value();
  auto listenersOk = checkListeners(listenerSpecs, insecureTcp);
  if (!listenersOk.ok()) return fail(listenersOk.error().message);
  std::vector<QSslConfiguration> tlsConfigs;
  for (const auto& spec : listenerSpecs) {
    tlsConfigs.emplace_back();
    if (spec.protocol != "tcp_ssl") continue;
    auto tls = loadTlsServerConfig(spec);
    if (!tls.ok()) return fail(tls.error().message);
    tlsConfigs.back() = tls.value();
  }

  if (checkOnly) {
    if (!settings) return fail("--check-config needs --config <file>");
    // Discovery reads the modules directories only: nothing is written, nothing listens.
    ModuleHost probe(options);
    if (auto unknown = unknownLogModule(probe, startLevels)) {
      return fail(levelsSource + "." + *unknown + ": no module named '" + *unknown + "' in the modules directories");
    }
    for (std::size_t i = 0; i < settings->modules.size(); ++i) {
      if (probe.discovery().find(settings->modules[i].name) == nullptr) {
        return fail(settingsPath + ": modules[" + std::to_string(i) + "].name: no module named '" + settings->modules[i].name +
                    "' in the modules directories");
      }
    }
    std::printf("logoscore: %s: ok (%zu module(s))\n", settingsPath.c_str(), settings->modules.size());
    return 0;
  }
  DaemonPaths paths{configDir};
  // Check before touching any file: a second daemon must not overwrite the running one's token.
  if (RpcServer::daemonAnswers(paths.socketPath())) return fail("a daemon is already running on " + paths.socketPath());
  if (persistConfig) {
    auto written = persistDaemonConfig(configDir, given);
    if (!written.ok()) return fail(written.error().message);
  }
  const char* envToken = std::getenv("LOGOSCORE_TOKEN");
  const std::string token = envToken != nullptr && *envToken != '\0' ? std::string(envToken) : generateToken();
  auto written = writeTokenFiles(paths, token);
  if (!written.ok()) return fail(written.error().message);
  auto dirs = lezpay::fileio::makePrivateDirs(options.persistencePath);
  if (!dirs.ok()) return fail(dirs.error().message);
  auto mode = chooseModuleProcesses(given, saved.value(), paths, settings, options);
  if (!mode.ok()) return fail(mode.error().message);

  ModuleHost host(options);
  // console_module signs people in with the daemon's tokens; the check reads tokens.json each time.
  host.setClientTokenChecker([paths, token](const std::string& t, const std::string& module, const std::string& op) {
    return checkClientTokenForModule(paths, token, t, module, op);
  });
  for (const auto& p : host.discovery().problems) {
    std::fprintf(stderr, "logoscore: refused module '%s' (%s): %s\n", p.module.c_str(), p.file.c_str(), p.reason.c_str());
  }
  if (auto unknown = unknownLogModule(host, startLevels)) {
    return fail(levelsSource + "." + *unknown + ": no module named '" + *unknown + "' in the modules directories");
  }
  // Before anything listens: every module the file names must be one the directories hold.
  if (settings) {
    for (std::size_t i = 0; i < settings->modules.size(); ++i) {
      if (host.discovery().find(settings->modules[i].name) == nullptr) {
        return fail(settingsPath + ": modules[" + std::to_string(i) + "].name: no module named '" + settings->modules[i].name +
                    "' in the modules directories");
      }
    }
  }
  RpcServer server(&host, paths, token);
  auto listening = server.listen();
  if (!listening.ok()) return fail(listening.error().message);
  std::vector<BoundListener> bound;
  for (std::size_t i = 0; i < listenerSpecs.size(); ++i) {
    const ListenerSpec& spec = listenerSpecs[i];
    if (spec.protocol == "local") continue;
    auto port = server.listenNetwork(spec, tlsConfigs[i]);
    if (!port.ok()) return fail(port.error().message);
    if (spec.protocol == "tcp" && !isLoopbackHost(spec.host)) {
      std::fprintf(stderr, "logoscore: warning: plaintext tcp on %s:%d (--insecure-tcp): tokens and calls cross the network unencrypted\n",
                   spec.host.c_str(), port.value());
    }
    std::fprintf(stderr, "logoscore: %s also listens on %s %s:%d\n", spec.module.c_str(), spec.protocol.c_str(), spec.host.c_str(),
                 port.value());
    bound.push_back(BoundListener{spec, port.value()});
  }
  const std::string instanceId = generateInstanceId();
  server.instanceId = instanceId;
  // Before state.json: a client that waits for state.json finds its config in place, and a
  // wrapper that rewrites client/config.json after readiness is not overwritten.
  auto clientConfig = writeLocalClientConfig(paths, instanceId);
  if (!clientConfig.ok()) return fail(clientConfig.error().message);

  Json state{{"pid", static_cast<std::int64_t>(QCoreApplication::applicationPid())},
             {"instance_id", instanceId},
             {"resolved", resolvedTransports(bound)},
             {"socket", paths.socketPath()},
             {"config_dir", paths.configDir},
             {"persistence_path", options.persistencePath},
             {"modules_dirs", options.moduleDirs},
             {"access_policy", options.policy.enforced() ? "enforce" : "off"},
             {"version", LEZPAY_VERSION}};
  std::function<void()> hangupRequested;
  bool stopping = false;
  auto shutdown = [&] {
    if (stopping) return;
    stopping = true;
    std::fprintf(stderr, "logoscore: stopping: unloading modules in reverse order\n");
    host.unloadAll();
    server.close();
    lezpay::fileio::removeFile(paths.statePath());
    QCoreApplication::quit();
  };
  server.onStopRequested = shutdown;

  if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) == 0) {
    auto* notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, QCoreApplication::instance());
    QObject::connect(notifier, &QSocketNotifier::activated, [&] {
      char c;
      [[maybe_unused]] auto n = ::read(signalPipe[0], &c, 1);
      if (c == SIGHUP) {
        if (hangupRequested) hangupRequested();
        return;
      }
      shutdown();
    });
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGHUP, onSignal);
  }
  std::signal(SIGPIPE, SIG_IGN);

  // state.json marks readiness: with a --config file, once its modules are loaded and every step ran.
  int exitCode = 0;
  auto ready = [&] {
    std::fprintf(stderr, "logoscore: daemon ready on %s (access policy %s, %zu module(s) discovered)\n",
                 paths.socketPath().c_str(), options.policy.enforced() ? "enforce" : "off", host.discovery().modules.size());
  };
  const int stepTimeoutMs = options.defaultCallTimeoutMs;
  bool reloading = false;
  // reload / SIGHUP: re-read the file, run again the steps that apply live, list what needs a restart.
  auto reload = [&](std::function<void(Json)> answer) {
    if (!settings) {
      answer(errorEnvelope("NO_CONFIG_FILE", "this daemon was started without --config; there is no file to reload"));
      return;
    }
    if (reloading) {
      answer(errorEnvelope("RELOAD_IN_PROGRESS", "a reload is already running; try again when it has answered"));
      return;
    }
    auto next = readSettingsFile(settingsPath);
    if (!next.ok()) {
      std::fprintf(stderr, "logoscore: reload refused, nothing changed: %s\n", next.error().message.c_str());
      answer(errorEnvelope(next.error().code, next.error().message));
      return;
    }
    const ReloadPlan plan = planReload(*settings, next.value());
    if (plan.logLevels && !given.logLevels) {
      if (auto unknown = unknownLogModule(host, next.value().flags.logLevels)) {
        const std::string message = settingsPath + ": log_levels." + *unknown + ": no module named '" + *unknown + "' in the modules directories";
        std::fprintf(stderr, "logoscore: reload refused, nothing changed: %s\n", message.c_str());
        answer(errorEnvelope(std::string(kInvalidConfigCode), message));
        return;
      }
    }
    Json restart = Json::array();
    Json appliedFirst = Json::array();
    if (plan.logLevels && given.logLevels) {
      const std::string reason = "--log-level on the command line wins over the file's log_levels";
      std::fprintf(stderr, "logoscore: reload: log_levels not applied: %s\n", reason.c_str());
      restart.push_back(Json{{"field", "log_levels"}, {"reason", reason}});
    } else if (plan.logLevels) {
      // Cleared from the file: back to the default (info).
      const std::optional<LogLevels> now = next.value().flags.logLevels ? next.value().flags.logLevels : std::optional<LogLevels>(LogLevels{});
      applyLogLevels(now);
      settings->flags.logLevels = next.value().flags.logLevels;
      appliedFirst.push_back("log_levels");
      std::fprintf(stderr, "logoscore: reload: log_levels applied\n");
    }
    for (const auto& r : plan.restart) {
      std::fprintf(stderr, "logoscore: reload: %s needs a restart: %s\n", r.field.c_str(), r.reason.c_str());
      restart.push_back(Json{{"field", r.field}, {"reason", r.reason}});
    }
    reloading = true;
    applyLiveSteps(host, next.value(), plan, stepTimeoutMs, [&, plan, restart, appliedFirst, nextSettings = next.value(), answer](Json done) {
      reloading = false;
      for (const auto& live : plan.live) {
        const bool ok = std::find(done["applied"].begin(), done["applied"].end(), Json(live.field)) != done["applied"].end();
        if (ok) settings->modules[live.module].steps[live.step] = nextSettings.modules[live.module].steps[live.step];
        std::fprintf(stderr, "logoscore: reload: %s %s\n", live.field.c_str(), ok ? "applied" : "failed");
      }
      Json applied = appliedFirst;
      for (const auto& f : done["applied"]) applied.push_back(f);
      answer(okEnvelope(Json{{"file", settingsPath}, {"applied", applied}, {"failed", done["failed"]},
                             {"restart_required", restart}}));
    });
  };
  server.onReloadRequested = reload;
  // A module whose process restarted after a crash gets the steps the file gave it at start (as
  // last applied by a reload); its persisted state it reads itself.
  host.setModuleRestartedHandler([&](const std::string& name) {
    if (!settings) return;
    for (std::size_t i = 0; i < settings->modules.size(); ++i) {
      if (settings->modules[i].name != name) continue;
      applyModuleSteps(host, settings->modules[i], i, stepTimeoutMs, [name](Json r) {
        if (isOk(r)) {
          std::fprintf(stderr, "logoscore: %s restarted and configured again (%d step(s))\n", name.c_str(), r.value("steps", 0));
        } else {
          std::fprintf(stderr, "logoscore: %s restarted but its settings failed: %s\n", name.c_str(), r.value("message", std::string()).c_str());
        }
      });
    }
  });
  hangupRequested = [&] { reload([](Json) {}); };
  if (settings) {
    std::fprintf(stderr, "logoscore: configuring from %s (%zu module(s))\n", settingsPath.c_str(), settings->modules.size());
    // From inside the event loop, so that a failure's quit() ends exec(). A reload waits for it.
    reloading = true;
    QTimer::singleShot(0, &server, [&] {
      applySettingsAtStart(host, *settings, stepTimeoutMs, [&](Json r) {
        if (!isOk(r)) {
          std::fprintf(stderr, "logoscore: %s: %s\n", settingsPath.c_str(), r.value("message", std::string()).c_str());
          exitCode = 1;
          // Not from inside the module call that just answered: unloading is the event loop's next task.
          QTimer::singleShot(0, &server, [&] { shutdown(); });
          return;
        }
        reloading = false;
        auto st = lezpay::fileio::writeFileAtomic(paths.statePath(), state.dump() + "\n", 0600);
        if (!st.ok()) {
          std::fprintf(stderr, "logoscore: %s\n", st.error().message.c_str());
          exitCode = 1;
          QTimer::singleShot(0, &server, [&] { shutdown(); });
          return;
        }
        ready();
      });
    });
  } else {
    auto st = lezpay::fileio::writeFileAtomic(paths.statePath(), state.dump() + "\n", 0600);
    if (!st.ok()) return fail(st.error().message);
    ready();
  }
  const int rc = QCoreApplication::exec();
  return exitCode != 0 ? exitCode : rc;
}

}  // namespace logos::host

// The logoscore client commands (logos-core.md §7, §13). Exactly one JSON document on stdout
// per command (NDJSON for watch); diagnostics on stderr.
#include <csignal>
#include <cstdio>
#include <unistd.h>

#include "lezpay/fileio/atomic_file.h"
#include "logos/envelope.h"
#include "logos/host/arg_typing.h"
#include "logos/host/cli_output.h"
#include "logos/host/client_dial.h"
#include "logos/host/client_stop_wait.h"
#include "logos/host/client_token_commands.h"
#include "logos/host/daemon_files.h"
#include "logos/host/rpc_client.h"
#include "main_entry.h"

namespace logos::host {
namespace {

const char* kUsage =
    "usage: logoscore [--json] [--config-dir <dir>] [--timeout <ms>] <command> ...\n"
    "  status                          daemon status\n"
    "  list-modules [--loaded]         discovered (and refused) modules, or loaded ones\n"
    "  load-module <module>            load a module and its dependencies\n"
    "  unload-module <module>          unload a module (dependents first)\n"
    "  reload-module <module>          unload and load again\n"
    "  module-info <module>            methods (with parameters) and events\n"
    "  install-module <file.lgx>       verify a module package and install it into the daemon's modules dir\n"
    "  call <module> <method> [args]   call a method; args: json:<v> json:@file str:<t> @file true false numbers\n"
    "  call <module> chainAction <op> '<json>'\n"
    "  watch <module> [--event <name>] print events as JSON lines until interrupted\n"
    "  stats                           CPU and memory of each loaded module\n"
    "  stop                            stop the daemon\n"
    "  reload                          re-read the daemon's --config file: apply what can change live, list what needs a restart\n"
    "  issue-token --name <n> [--replace] [--local-only] [--expires <30d|12h|YYYY-MM-DD[THH:MM:SSZ]>]\n"
    "              [--scope <module>:<op>[,<op>...][; ...] | agent]   mint a named token (offline)\n"
    "  list-tokens                     named tokens, without their values (offline)\n"
    "  revoke-token <n>                revoke a named token at once (offline)\n"
    "  daemon | -D ...                 run the daemon (logoscore -D --help)\n"
    "transport (flag > LOGOSCORE_CLIENT_* > client/config.json): --client-transport local|tcp|tcp_ssl\n"
    "  --client-tcp-host <h> --client-tcp-port <p> --client-codec json --ssl-ca <pem> --no-verify-peer\n"
    "  --token-file <name under client/> --persist-config (save these into client/config.json)\n";

struct Globals {
  bool json = false;
  bool verbose = false;
  std::string configDir = defaultConfigDir();
  int timeoutMs = 0;  // 0 = method default
};

void print(const Globals& g, const Json& doc) {
  if (!g.json && ::isatty(STDOUT_FILENO)) {
    std::fputs(humanText(doc).c_str(), stdout);  // a person at a terminal; pipes and --json get JSON
    std::fflush(stdout);
    return;
  }
  std::string text = doc.dump(-1, ' ', false, Json::error_handler_t::replace);
  std::fprintf(stdout, "%s\n", text.c_str());
  std::fflush(stdout);
}

int finish(const Globals& g, const Json& doc) {
  print(g, doc);
  const int code = static_cast<int>(exitCodeFor(doc));
  if (code != 0) std::fprintf(stderr, "%s\n", errorLine(doc).c_str());
  return code;
}

int usageError(const Globals& g, const std::string& message) {
  std::fputs(kUsage, stderr);
  return finish(g, errorEnvelope(ErrorCode::InvalidArgs, message));
}

void onInterrupt(int) {
  std::fflush(stdout);
  std::_Exit(0);
}

}  // namespace

int runClient(const std::vector<std::string>& rawArgs) {
  Globals g;
  std::vector<std::string> args;
  ClientOverrides transportFlags;
  for (std::size_t i = 0; i < rawArgs.size(); ++i) {
    const std::string& a = rawArgs[i];
    if (auto taken = takeClientTransportFlag(rawArgs, i, transportFlags); !taken.ok() || taken.value()) {
      if (!taken.ok()) return finish(g, errorEnvelope(taken.error().code, taken.error().message));
    } else if (a == "--json" || a == "-j") {
      g.json = true;
    } else if (a == "--verbose" || a == "-v") {
      g.verbose = true;
    } else if (a == "--config-dir" && i + 1 < rawArgs.size()) {
      g.configDir = rawArgs[++i];
    } else if (a == "--timeout" && i + 1 < rawArgs.size()) {
      g.timeoutMs = std::atoi(rawArgs[++i].c_str());
      if (g.timeoutMs <= 0) return usageError(g, "--timeout needs a positive number of milliseconds");
    } else if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else {
      args.push_back(a);
    }
  }
  if (args.empty()) return usageError(g, "no command given");
  std::string cmd = args[0];
  if (cmd == "info") cmd = "module-info";
  // Upstream alias: module <m> method <meth> args...
  if (cmd == "module" && args.size() >= 4 && args[2] == "method") {
    std::vector<std::string> rewritten{"call", args[1], args[3]};
    rewritten.insert(rewritten.end(), args.begin() + 4, args.end());
    args = rewritten;
    cmd = "call";
  }

  // Token commands work on the files alone: before any connection, whatever LOGOSCORE_TOKEN says.
  if (isTokenCommand(cmd)) {
    const TokenCommandOutcome outcome = runTokenCommand(args, g.configDir);
    print(g, outcome.output);
    return outcome.exitCode;
  }

  const DaemonPaths paths{g.configDir};
  RpcClient client;
  auto connected = dialDaemon(client, paths, transportFlags);
  if (!connected.ok()) {
    if (cmd == "status" && connected.error().code == toString(ErrorCode::NoDaemon)) {
      print(g, Json{{"daemon", Json{{"status", "not_running"}, {"config_dir", g.configDir}, {"reason", connected.error().message}}}});
      return static_cast<int>(ExitCode::General);
    }
    return finish(g, errorEnvelope(connected.error().code, connected.error().message));
  }
  auto token = clientTokenFor(paths, connected.value());
  if (!token.ok()) return finish(g, errorEnvelope(token.error().code, token.error().message));
  const int rpcTimeout = g.timeoutMs > 0 ? g.timeoutMs + 5000 : 0;

  auto simple = [&](const std::string& method, const Json& params) -> int {
    auto r = client.request(token.value(), method, params, rpcTimeout);
    if (!r.ok()) return finish(g, errorEnvelope(r.error().code, r.error().message));
    return finish(g, r.value());
  };
  auto needModule = [&](const char* what) -> std::string {
    return args.size() >= 2 ? args[1] : std::string();
  };

  if (cmd == "status") {
    auto r = client.request(token.value(), "status", Json::object(), 10000);
    if (!r.ok()) return finish(g, errorEnvelope(r.error().code, r.error().message));
    Json out = r.value();
    if (isOk(out)) out.erase("status");
    return print(g, out), isOk(r.value()) || out.contains("daemon") ? 0 : static_cast<int>(exitCodeFor(out));
  }
  if (cmd == "list-modules") {
    bool loaded = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
      if (args[i] == "--loaded") loaded = true;
      else return usageError(g, "list-modules: unknown argument '" + args[i] + "'");
    }
    auto r = client.request(token.value(), "list_modules", Json{{"loaded", loaded}}, 10000);
    if (!r.ok()) return finish(g, errorEnvelope(r.error().code, r.error().message));
    if (!isOk(r.value())) return finish(g, r.value());
    print(g, r.value()["result"]);  // a JSON array, as upstream wrappers expect
    return 0;
  }
  if (cmd == "load-module" || cmd == "unload-module" || cmd == "reload-module" || cmd == "module-info") {
    const std::string module = needModule(cmd.c_str());
    if (module.empty() || args.size() != 2) return usageError(g, cmd + " takes exactly one module name");
    std::string method = cmd == "module-info" ? "module_info" : cmd.substr(0, cmd.find('-')) + "_module";
    return simple(method, Json{{"module", module}});
  }
  if (cmd == "install-module") {
    if (args.size() != 2) return usageError(g, "install-module takes exactly one .lgx file");
    // The daemon reads the file: send the path it resolves from the client's working directory.
    std::string path = args[1];
    if (path.empty() || path.front() != '/') {
      char cwd[4096];
      if (::getcwd(cwd, sizeof cwd) == nullptr) return usageError(g, "install-module: cannot resolve a relative path");
      path = std::string(cwd) + "/" + path;
    }
    auto r = client.request(token.value(), "install_module", Json{{"path", path}}, 300000);
    if (!r.ok()) return finish(g, errorEnvelope(r.error().code, r.error().message));
    return finish(g, r.value());
  }
  if (cmd == "call") {
    if (args.size() < 3) return usageError(g, "call takes <module> <method> [args...]");
    Json typed = Json::array();
    Json texts = Json::array();
    bool guessed = false;  // some argument's type is a guess that a text parameter may undo
    auto reader = [](const std::string& path) { return lezpay::fileio::readFile(path); };
    for (std::size_t i = 3; i < args.size(); ++i) {
      auto v = typeArgument(args[i], reader);
      if (!v.ok()) return finish(g, errorEnvelope(v.error().code, v.error().message));
      const bool untyped = isUntypedForm(args[i]);
      guessed = guessed || (untyped && !v.value().is_string());
      texts.push_back(untyped ? Json(args[i]) : Json());
      typed.push_back(v.value());
    }
    Json params{{"module", args[1]}, {"method", args[2]}, {"args", typed}};
    if (guessed) params["arg_texts"] = texts;
    if (g.timeoutMs > 0) params["timeout_ms"] = g.timeoutMs;
    return simple("call", params);
  }
  // {event name: declared args} of a module, read on a connection of its own (the watch
  // connection carries only events once it is acknowledged); empty when module-info fails.
  auto declaredEventArgs = [&](const std::string& module) -> Json {
    RpcClient info;
    if (!info.dial(connected.value().config.coreService, paths.socketPath(), 2000).ok()) return Json::object();
    auto r = info.request(token.value(), "module_info", Json{{"module", module}}, 10000);
    Json out = Json::object();
    if (!r.ok() || !r.value().contains("events") || !r.value()["events"].is_array()) return out;
    for (const auto& e : r.value()["events"]) {
      if (e.is_object() && e.contains("name") && e["name"].is_string()) out[e["name"].get<std::string>()] = e.value("args", Json::array());
    }
    return out;
  };
  if (cmd == "watch") {
    if (args.size() < 2) return usageError(g, "watch takes <module> [--event <name>]");
    std::string event;
    for (std::size_t i = 2; i < args.size(); ++i) {
      if (args[i] == "--event" && i + 1 < args.size()) event = args[++i];
      else return usageError(g, "watch: unknown argument '" + args[i] + "'");
    }
    auto ack = client.request(token.value(), "watch", Json{{"module", args[1]}, {"event", event}}, 10000);
    if (!ack.ok()) return finish(g, errorEnvelope(ack.error().code, ack.error().message));
    if (!isOk(ack.value())) return finish(g, ack.value());
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    std::fprintf(stderr, "logoscore: watching %s%s (Ctrl-C to stop)\n", args[1].c_str(), event.empty() ? "" : (" event " + event).c_str());
    const Json declared = g.json || !::isatty(STDOUT_FILENO) ? Json() : declaredEventArgs(args[1]);
    for (;;) {
      auto line = client.readLine(0);
      if (!line.ok()) return 0;  // the daemon went away: the stream simply ends
      if (declared.is_object()) {
        const std::string name = line.value().is_object() ? line.value().value("event", std::string()) : std::string();
        std::fprintf(stdout, "%s\n", humanEvent(line.value(), declared.value(name, Json::array())).c_str());
        std::fflush(stdout);
        continue;
      }
      std::fprintf(stdout, "%s\n", line.value().dump(-1, ' ', false, Json::error_handler_t::replace).c_str());
      std::fflush(stdout);
    }
  }
  if (cmd == "stats") {
    if (args.size() != 1) return usageError(g, "stats takes no arguments");
    auto r = client.request(token.value(), "stats", Json::object(), 10000);
    if (!r.ok()) return finish(g, errorEnvelope(r.error().code, r.error().message));
    if (!isOk(r.value())) return finish(g, r.value());
    const Json rows = r.value().value("result", Json::array());
    if (!g.json && ::isatty(STDOUT_FILENO)) {
      std::fputs(statsTable(rows).c_str(), stdout);
    } else {
      print(g, rows);  // a JSON array, as upstream wrappers expect
    }
    return 0;
  }
  if (cmd == "reload") {
    if (args.size() != 1) return usageError(g, "reload takes no arguments");
    return simple("reload", Json::object());
  }
  if (cmd == "stop") {
    auto r = client.request(token.value(), "stop", Json::object(), 15000);
    if (!r.ok()) return finish(g, errorEnvelope(r.error().code, r.error().message));
    if (!isOk(r.value())) return finish(g, r.value());  // refused (UNAUTHORIZED, FORBIDDEN): the daemon keeps running
    // Return once the daemon is gone so that scripts can start a new one right away.
    client.close();
    const ClientEndpoint endpoint = connected.value().config.coreService;
    const std::int64_t pid = r.value().value("pid", std::int64_t{0});
    const std::string instance = r.value().value("instance_id", std::string());
    auto probe = [&]() {
      RpcClient again;
      if (!again.dial(endpoint, paths.socketPath(), 1000).ok()) return StopProbe::Gone;
      auto st = again.request(token.value(), "status", Json::object(), 1000);
      if (!st.ok()) return StopProbe::SameInstance;  // busy unloading or closing: not gone yet
      const Json daemon = st.value().value("daemon", Json::object());
      // A daemon whose answer named no instance is told apart by pid, or not at all.
      const bool same = instance.empty() ? (pid == 0 || daemon.value("pid", std::int64_t{0}) == pid)
                                         : daemon.value("instance_id", std::string()) == instance;
      return same ? StopProbe::SameInstance : StopProbe::Gone;
    };
    auto gone = waitForDaemonExit(probe, pid, pid > 0 && endpointIsOnThisMachine(endpoint));
    if (!gone.ok()) return finish(g, errorEnvelope(gone.error().code, gone.error().message));
    return finish(g, okEnvelope(Json{{"stopped", true}}));
  }
  return usageError(g, "unknown command '" + cmd + "'");
}

}  // namespace logos::host

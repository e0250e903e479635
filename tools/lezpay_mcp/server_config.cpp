#include "server_config.h"

#include <sys/stat.h>

#include <cstdlib>

#include "lezpay/fileio/atomic_file.h"
#include "lezpay/util/json_parse.h"

namespace lezpay::mcpserver {

namespace {

util::Error bad(const std::string& why) { return util::makeError("INVALID_ARGS", why); }

std::optional<int> toInt(const std::string& s, int lo, int hi) {
  if (s.empty() || s.size() > 9) return std::nullopt;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  const int v = std::stoi(s);
  if (v < lo || v > hi) return std::nullopt;
  return v;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return s.substr(i);
}

}  // namespace

std::string usage() {
  return "usage: lezpay-mcp [--config FILE] [--config-dir DIR] [--token-file FILE | --token-env NAME]\n"
         "                  [--console-url URL] [--http-port N [--http-port-file FILE] [--allow-origin ORIGIN]...]\n"
         "                  [--no-stdio]\n"
         "An MCP server (stdio, optionally Streamable HTTP on 127.0.0.1) for the user's lez-pay agent.\n"
         "The agent token comes from a 0600 file or an environment variable, never from the command line:\n"
         "  logoscore issue-token --name mcp --scope agent   # then --token-file <its file>\n";
}

util::Result<ServerConfig> parseArguments(const std::vector<std::string>& args) {
  ServerConfig c;
  std::string configFile;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* flag) -> util::Result<std::string> {
      if (i + 1 >= args.size()) return bad(std::string(flag) + " needs a value");
      return args[++i];
    };
    if (a == "--token" || a.rfind("--token=", 0) == 0) {
      return bad("the agent token is never taken from the command line (other users can read argv); "
                 "use --token-file FILE (mode 0600) or --token-env NAME");
    }
    if (a == "--help" || a == "-h") return util::makeError("HELP", usage());
    if (a == "--no-stdio") {
      c.stdio = false;
      continue;
    }
    static const char* kValued[] = {"--config", "--config-dir", "--token-file", "--token-env", "--console-url",
                                    "--http-port", "--http-port-file", "--allow-origin"};
    bool known = false;
    for (const char* f : kValued) known = known || a == f;
    if (!known) return bad("unknown argument '" + a.substr(0, 64) + "'\n" + usage());
    auto v = value(a.c_str());
    if (!v.ok()) return v.error();
    if (a == "--config") configFile = *v;
    else if (a == "--config-dir") c.configDir = *v;
    else if (a == "--token-file") c.tokenFile = *v;
    else if (a == "--token-env") c.tokenEnv = *v;
    else if (a == "--console-url") c.consoleUrl = *v;
    else if (a == "--http-port-file") c.httpPortFile = *v;
    else if (a == "--allow-origin") c.allowedOrigins.push_back(*v);
    else if (a == "--http-port") {
      auto p = toInt(*v, 0, 65535);
      if (!p) return bad("--http-port must be a port number from 0 to 65535");
      c.httpPort = *p;
    }
  }
  if (!configFile.empty()) {
    auto text = fileio::readFile(configFile);
    if (!text.ok()) return util::makeError("INVALID_CONFIG", configFile + ": " + text.error().message);
    // Flags win: apply the file to a fresh config, then lay the flags over it.
    ServerConfig fromFile;
    if (auto st = applyConfigFile(fromFile, *text, configFile); !st.ok()) return st.error();
    if (c.configDir.empty()) c.configDir = fromFile.configDir;
    if (c.tokenFile.empty() && c.tokenEnv.empty()) {
      c.tokenFile = fromFile.tokenFile;
      c.tokenEnv = fromFile.tokenEnv;
    }
    if (c.consoleUrl.empty()) c.consoleUrl = fromFile.consoleUrl;
    if (c.stdio) c.stdio = fromFile.stdio;
    if (!c.httpPort) c.httpPort = fromFile.httpPort;
    if (c.httpPortFile.empty()) c.httpPortFile = fromFile.httpPortFile;
    if (c.allowedOrigins.empty()) c.allowedOrigins = fromFile.allowedOrigins;
    c.approvalPollMs = fromFile.approvalPollMs;
    c.maxWaitSeconds = fromFile.maxWaitSeconds;
    c.callTimeoutMs = fromFile.callTimeoutMs;
    c.storePeerAddr = fromFile.storePeerAddr;
    c.storePaymentRequirements = fromFile.storePaymentRequirements;
    c.streamsVaultId = fromFile.streamsVaultId;
    c.streamsOwner = fromFile.streamsOwner;
  }
  if (!c.stdio && !c.httpPort) return bad("--no-stdio needs --http-port: lezpay-mcp would serve nothing");
  return c;
}

util::Status applyConfigFile(ServerConfig& c, const std::string& text, const std::string& path) {
  auto parsed = util::parseJson(text, util::JsonLimits{16, 1024 * 1024, false});
  auto err = [&](const std::string& why) { return util::makeError("INVALID_CONFIG", path + ": " + why); };
  if (!parsed.ok()) return err(parsed.error().message);
  const Json& j = *parsed;
  if (!j.is_object()) return err("not a JSON object");
  auto str = [&](const Json& o, const char* key, std::string& out, const std::string& where) -> util::Status {
    if (!o.contains(key)) return util::okStatus();
    if (!o[key].is_string()) return err(where + key + ": not a string");
    out = o[key].get<std::string>();
    return util::okStatus();
  };
  auto num = [&](const Json& o, const char* key, int& out, int lo, int hi, const std::string& where) -> util::Status {
    if (!o.contains(key)) return util::okStatus();
    if (!o[key].is_number_integer() || o[key].get<std::int64_t>() < lo || o[key].get<std::int64_t>() > hi) {
      return err(where + key + ": not an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
    }
    out = static_cast<int>(o[key].get<std::int64_t>());
    return util::okStatus();
  };
  static const char* kKeys[] = {"config_dir", "token_file", "token_env", "console_url", "stdio", "http",
                                "approval_poll_ms", "max_wait_seconds", "call_timeout_ms", "store", "streams"};
  for (const auto& [k, v] : j.items()) {
    bool known = false;
    for (const char* key : kKeys) known = known || k == key;
    if (!known) return err(k.substr(0, 64) + ": unknown key");
  }
  for (auto [key, out] : {std::pair{"config_dir", &c.configDir}, std::pair{"token_file", &c.tokenFile},
                          std::pair{"token_env", &c.tokenEnv}, std::pair{"console_url", &c.consoleUrl}}) {
    if (auto st = str(j, key, *out, ""); !st.ok()) return st;
  }
  if (j.contains("stdio")) {
    if (!j["stdio"].is_boolean()) return err("stdio: not a boolean");
    c.stdio = j["stdio"].get<bool>();
  }
  if (auto st = num(j, "approval_poll_ms", c.approvalPollMs, 50, 60000, ""); !st.ok()) return st;
  if (auto st = num(j, "max_wait_seconds", c.maxWaitSeconds, 0, 3600, ""); !st.ok()) return st;
  if (auto st = num(j, "call_timeout_ms", c.callTimeoutMs, 1000, 600000, ""); !st.ok()) return st;
  if (j.contains("http")) {
    const Json& h = j["http"];
    if (!h.is_object()) return err("http: not an object");
    for (const auto& [k, v] : h.items()) {
      if (k != "port" && k != "allowed_origins" && k != "port_file") return err("http." + k.substr(0, 64) + ": unknown key");
    }
    int port = 0;
    if (auto st = num(h, "port", port, 0, 65535, "http."); !st.ok()) return st;
    c.httpPort = port;
    if (auto st = str(h, "port_file", c.httpPortFile, "http."); !st.ok()) return st;
    if (h.contains("allowed_origins")) {
      if (!h["allowed_origins"].is_array()) return err("http.allowed_origins: not an array");
      for (std::size_t i = 0; i < h["allowed_origins"].size(); ++i) {
        if (!h["allowed_origins"][i].is_string()) return err("http.allowed_origins[" + std::to_string(i) + "]: not a string");
        c.allowedOrigins.push_back(h["allowed_origins"][i].get<std::string>());
      }
    }
  }
  if (j.contains("store")) {
    const Json& s = j["store"];
    if (!s.is_object()) return err("store: not an object");
    for (const auto& [k, v] : s.items()) {
      if (k != "peer_addr" && k != "payment_requirements") return err("store." + k.substr(0, 64) + ": unknown key");
    }
    if (auto st = str(s, "peer_addr", c.storePeerAddr, "store."); !st.ok()) return st;
    if (s.contains("payment_requirements")) {
      if (!s["payment_requirements"].is_object()) return err("store.payment_requirements: not an object");
      c.storePaymentRequirements = s["payment_requirements"];
    }
  }
  if (j.contains("streams")) {
    const Json& s = j["streams"];
    if (!s.is_object()) return err("streams: not an object");
    for (const auto& [k, v] : s.items()) {
      if (k != "vault_id" && k != "owner") return err("streams." + k.substr(0, 64) + ": unknown key");
    }
    if (s.contains("vault_id")) {
      if (s["vault_id"].is_number_unsigned()) c.streamsVaultId = std::to_string(s["vault_id"].get<std::uint64_t>());
      else if (s["vault_id"].is_string()) c.streamsVaultId = s["vault_id"].get<std::string>();
      else return err("streams.vault_id: not a u64");
    }
    if (auto st = str(s, "owner", c.streamsOwner, "streams."); !st.ok()) return st;
  }
  return util::okStatus();
}

void applyEnvironmentDefaults(ServerConfig& c) {
  if (!c.configDir.empty()) return;
  if (const char* d = std::getenv("LOGOSCORE_CONFIG_DIR"); d && *d) {
    c.configDir = d;
  } else if (const char* h = std::getenv("HOME"); h && *h) {
    c.configDir = std::string(h) + "/.logoscore";
  }
}

util::Result<std::string> loadToken(const ServerConfig& c) {
  std::string raw;
  if (!c.tokenFile.empty()) {
    struct stat st {};
    if (::stat(c.tokenFile.c_str(), &st) != 0) return util::makeError("NO_TOKEN", "token file " + c.tokenFile + " cannot be read");
    if ((st.st_mode & 077) != 0) {
      return util::makeError("TOKEN_FILE_MODE", "token file " + c.tokenFile +
                                                    " may be read by other users; make it private: chmod 600 " + c.tokenFile);
    }
    auto text = fileio::readFile(c.tokenFile);
    if (!text.ok()) return util::makeError("NO_TOKEN", "token file " + c.tokenFile + ": " + text.error().message);
    raw = trimmed(*text);
    // issue-token's file form: {"version":1,"name","token","issued_at"}.
    if (!raw.empty() && raw.front() == '{') {
      auto j = util::parseJson(raw, util::JsonLimits{8, 65536, false});
      if (!j.ok() || !j->is_object() || !j->contains("token") || !(*j)["token"].is_string()) {
        return util::makeError("NO_TOKEN", "token file " + c.tokenFile + " is JSON without a \"token\" string");
      }
      raw = (*j)["token"].get<std::string>();
    }
  } else if (!c.tokenEnv.empty()) {
    const char* v = std::getenv(c.tokenEnv.c_str());
    if (v == nullptr || *v == '\0') return util::makeError("NO_TOKEN", "environment variable " + c.tokenEnv + " is empty or not set");
    raw = trimmed(v);
  } else {
    return util::makeError("NO_TOKEN", "no agent token configured: give --token-file FILE or --token-env NAME "
                                       "(create one with: logoscore issue-token --name mcp --scope agent)");
  }
  if (raw.empty() || raw.size() > 512) return util::makeError("NO_TOKEN", "the agent token is empty or too long");
  for (char ch : raw) {
    if (ch <= 0x20 || ch >= 0x7f) return util::makeError("NO_TOKEN", "the agent token holds a character that is not visible ASCII");
  }
  return raw;
}

}  // namespace lezpay::mcpserver

#include "logos/host/client_token_commands.h"

#include <cstdio>
#include <filesystem>
#include <optional>

#include "logos/envelope.h"
#include "logos/host/token_files.h"
#include "logos/host/token_scope.h"
#include "logos/host/token_store.h"

namespace logos::host {

namespace {

TokenCommandOutcome refused(ErrorCode code, const std::string& message) {
  std::fprintf(stderr, "%s: %s\n", std::string(toString(code)).c_str(), message.c_str());
  const bool notFound = code == ErrorCode::TokenExists || code == ErrorCode::TokenNotFound;
  return {errorEnvelope(code, message), notFound ? 3 : 1};
}

TokenCommandOutcome refused(const lezpay::util::Error& e) {
  std::fprintf(stderr, "%s: %s\n", e.code.c_str(), e.message.c_str());
  const bool notFound = e.code == toString(ErrorCode::TokenExists) || e.code == toString(ErrorCode::TokenNotFound);
  return {errorEnvelope(e.code, e.message), notFound ? 3 : 1};
}

// Printable, bounded text of a user argument for a message.
std::string shown(const std::string& s) {
  std::string out;
  for (char c : s.substr(0, 80)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  return s.size() > 80 ? out + "..." : out;
}

std::string absolutePath(const std::string& path) {
  std::error_code ec;
  auto p = std::filesystem::absolute(path, ec);
  return ec ? path : p.lexically_normal().string();
}

TokenCommandOutcome issue(const std::vector<std::string>& args, const DaemonPaths& paths) {
  std::optional<std::string> name;
  std::optional<std::string> expires;
  std::optional<std::string> scopeText;
  bool replace = false;
  bool localOnly = false;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto valued = [&](const char* flag, std::optional<std::string>& out) -> std::optional<bool> {
      const std::string f(flag);
      if (a == f) {
        if (i + 1 >= args.size()) return false;
        out = args[++i];
        return true;
      }
      if (a.rfind(f + "=", 0) == 0) {
        out = a.substr(f.size() + 1);
        return true;
      }
      return std::nullopt;
    };
    std::optional<bool> took;
    if (a == "--replace") replace = true;
    else if (a == "--local-only") localOnly = true;
    else if ((took = valued("--name", name)) || (took = valued("--expires", expires)) || (took = valued("--scope", scopeText))) {
      if (!*took) return refused(ErrorCode::InvalidArgs, "issue-token: " + a + " needs a value");
    } else {
      return refused(ErrorCode::InvalidArgs, "issue-token: unknown argument '" + shown(a) +
                                                 "' (usage: issue-token --name <name> [--replace] [--local-only] [--expires <d>] [--scope <s>])");
    }
  }
  if (!name) return refused(ErrorCode::InvalidArgs, "issue-token needs --name <name>");
  if (auto problem = tokenNameProblem(*name); !problem.empty()) {
    return refused(ErrorCode::InvalidName, "'" + shown(*name) + "': " + problem);
  }
  const std::int64_t now = unixNow();
  std::optional<std::int64_t> expiresAt;
  if (expires) {
    auto e = parseExpires(*expires, now);
    if (!e.ok()) return refused(e.error());
    expiresAt = e.value();
  }
  std::optional<std::string> scope;
  if (scopeText) {
    auto s = TokenScope::parse(*scopeText);
    if (!s.ok()) return refused(s.error());
    scope = s.value().text();
  }
  auto lock = TokenStoreLock::acquire(paths);
  if (!lock.ok()) return refused(lock.error());
auto store = readTokenStore(tokensFilePath(paths));
  if (!store.ok()) return refused(store.error());
  if (store.value().unsupported) {
    return refused(ErrorCode::IoError, tokensFilePath(paths) + " is not a version-2 token store; it is left untouched");
  }
  const std::string raw = freshRawToken();
  IssueRequest request{*name, raw, now, expiresAt, localOnly, scope, replace};
  auto issued = issueToken(store.value(), request);
  if (!issued.ok()) return refused(issued.error());
  // tokens.json first: if the raw file cannot be written the row exists without it (list-tokens
  // shows raw_file_present false) and --replace mints another; never a raw file that authorizes nothing.
  auto st = writeTokenStore(paths, store.value());
  if (!st.ok()) return refused(st.error());
  st = writeRawTokenFile(paths, *name, raw, now);
  if (!st.ok()) return refused(st.error());
  Json out = okEnvelope(Json{{"name", *name}, {"token", raw}, {"file", absolutePath(rawTokenFilePath(paths, *name))}, {"local_only", localOnly}});
  if (expiresAt) out["expires_at"] = formatUtc(*expiresAt);
  if (scope) out["scope"] = *scope;
  return {out, 0};
}

TokenCommandOutcome list(const std::vector<std::string>& args, const DaemonPaths& paths) {
  if (args.size() > 1) return refused(ErrorCode::InvalidArgs, "list-tokens takes no argument (got '" + shown(args[1]) + "')");
  auto store = readTokenStore(tokensFilePath(paths));
  if (!store.ok()) return refused(store.error());
  if (store.value().unsupported) {
    return refused(ErrorCode::IoError, tokensFilePath(paths) + " is not a version-2 token store; it cannot be listed");
  }
  Json out = Json::array();
  for (const auto& row : store.value().rows) {
    Json entry = listEntry(row);
    std::error_code ec;
    entry["raw_file_present"] = std::filesystem::exists(rawTokenFilePath(paths, row.name), ec);
    out.push_back(std::move(entry));
  }
  return {out, 0};
}

TokenCommandOutcome revoke(const std::vector<std::string>& args, const DaemonPaths& paths) {
  if (args.size() != 2) return refused(ErrorCode::InvalidArgs, "revoke-token takes exactly one token name");
  const std::string& name = args[1];
  if (auto problem = tokenNameProblem(name); !problem.empty()) return refused(ErrorCode::InvalidName, "'" + shown(name) + "': " + problem);
  std::error_code exists;
  if (!std::filesystem::is_directory(paths.daemonDir(), exists)) return refused(ErrorCode::TokenNotFound, "no token named '" + name + "'");
  auto lock = TokenStoreLock::acquire(paths);
  if (!lock.ok()) return refused(lock.error());
auto store = readTokenStore(tokensFilePath(paths));
  if (!store.ok()) return refused(store.error());
  if (store.value().unsupported) {
    return refused(ErrorCode::IoError, tokensFilePath(paths) + " is not a version-2 token store; it is left untouched");
  }
  if (!removeToken(store.value(), name)) return refused(ErrorCode::TokenNotFound, "no token named '" + name + "'");
  auto st = writeTokenStore(paths, store.value());
  if (!st.ok()) return refused(st.error());
  std::error_code ec;
  std::filesystem::remove(rawTokenFilePath(paths, name), ec);  // absent already is fine: the row was the token
  return {okEnvelope(Json{{"name", name}}), 0};
}

}  // namespace

bool isTokenCommand(std::string_view command) {
  return command == "issue-token" || command == "list-tokens" || command == "revoke-token";
}

TokenCommandOutcome runTokenCommand(const std::vector<std::string>& args, const std::string& configDir) {
  const DaemonPaths paths{configDir};
  if (args.empty()) return refused(ErrorCode::InvalidArgs, "no token command given");
  if (args[0] == "issue-token") return issue(args, paths);
  if (args[0] == "list-tokens") return list(args, paths);
  if (args[0] == "revoke-token") return revoke(args, paths);
  return refused(ErrorCode::InvalidArgs, "unknown token command '" + shown(args[0]) + "'");
}

}  // namespace logos::host

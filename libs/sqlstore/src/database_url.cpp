#include "lezpay/sqlstore/database_url.h"

#include <optional>

namespace lezpay::sqlstore {
namespace {

struct Invalid {
  std::string code;
  util::Error operator()(std::string message) const { return util::makeError(code, std::move(message)); }
};

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;  // "%" or "%X" at the end
    const int hi = hexValue(text[i + 1]);
    const int lo = hexValue(text[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

// Written into SQL (CREATE SCHEMA, SET search_path), so only what needs no quoting is allowed.
bool isPlainIdentifier(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  if (!((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_')) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

util::Result<DatabaseUrl> parsePostgres(std::string_view rest, const Invalid& invalid) {
  DatabaseUrl url;
  url.postgresql = true;
  if (rest.find('#') != std::string_view::npos) return invalid("postgresql url: fragments are not supported");
  if (const auto q = rest.find('?'); q != std::string_view::npos) {
    const std::string_view query = rest.substr(q + 1);
    rest = rest.substr(0, q);
    if (!query.starts_with("schema=")) return invalid("postgresql url: the only query parameter is schema=<name>");
    const std::string_view schema = query.substr(7);
    if (!isPlainIdentifier(schema)) {
      return invalid("postgresql url: schema must be a lowercase identifier ([a-z_][a-z0-9_]*, at most 63 bytes)");
    }
    url.schema = std::string(schema);
  }
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos) return invalid("postgresql url: the database name (/dbname) is missing");
  std::string_view authority = rest.substr(0, slash);
  const std::string_view db = rest.substr(slash + 1);
  if (db.empty()) return invalid("postgresql url: the database name is empty");
  if (db.find('/') != std::string_view::npos) return invalid("postgresql url: the database name contains '/'");
  url.dbname = std::string(db);

  const auto at = authority.rfind('@');
  if (at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const auto colon = userinfo.find(':');
    const auto user = percentDecode(userinfo.substr(0, colon));
    if (!user || user->empty()) return invalid("postgresql url: the user name is empty or badly percent-encoded");
    url.user = *user;
    if (colon != std::string_view::npos) {
      const auto password = percentDecode(userinfo.substr(colon + 1));
      if (!password) return invalid("postgresql url: the password is badly percent-encoded");
      url.password = *password;
    }
  }

  std::string_view portText;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return invalid("postgresql url: unterminated [IPv6] host");
    url.host = std::string(authority.substr(1, close - 1));
    // An IPv6 literal (with an optional %zone): anything else in brackets has no meaning to libpq.
    for (char c : url.host) {
      const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ':' || c == '.' || c == '%';
      if (!ok) return invalid("postgresql url: the [IPv6] host holds a character that is not part of an address");
    }
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return invalid("postgresql url: unexpected text after the [IPv6] host");
      portText = after.substr(1);
      if (portText.empty()) return invalid("postgresql url: the port is empty");
    }
  } else {
    const auto colon = authority.find(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      portText = authority.substr(colon + 1);
      if (portText.empty()) return invalid("postgresql url: the port is empty");
    }
  }
  if (url.host.empty()) return invalid("postgresql url: the host is empty");
  if (!portText.empty()) {
    unsigned value = 0;
    for (char c : portText) {
      if (c < '0' || c > '9' || value > 65535) return invalid("postgresql url: the port is not a number in 1..65535");
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value == 0 || value > 65535) return invalid("postgresql url: the port is not a number in 1..65535");
    url.port = static_cast<std::uint16_t>(value);
  }
  return url;
}

}  // namespace

bool isDatabaseUrl(std::string_view location) {
  return location.starts_with("sqlite:") || location.starts_with("postgresql://") || location.starts_with("postgres://");
}

util::Result<DatabaseUrl> parseDatabaseUrl(std::string_view text, std::string_view code, std::string_view what) {
  const Invalid invalid{std::string(code)};
  if (text.starts_with("sqlite:")) {
    std::string_view path = text.substr(7);
    if (path.starts_with("//")) path = path.substr(2);
    if (path.empty()) return invalid("sqlite url: the file path is empty (use sqlite:<path>)");
    DatabaseUrl url;
    url.sqlitePath = std::string(path);
    return url;
  }
  if (text.starts_with("postgresql://")) return parsePostgres(text.substr(13), invalid);
  if (text.starts_with("postgres://")) return parsePostgres(text.substr(11), invalid);
  return invalid(std::string(what) + " must start with sqlite: or postgresql:// (got '" + redactDatabaseUrl(text) + "')");
}

util::Result<DatabaseUrl> parseDatabaseLocation(std::string_view location, std::string_view code, std::string_view what) {
  if (isDatabaseUrl(location)) return parseDatabaseUrl(location, code, what);
  if (location.empty()) return util::makeError(std::string(code), std::string(what) + ": the path is empty");
  DatabaseUrl url;
  url.sqlitePath = std::string(location);
  return url;
}

std::string redactDatabaseUrl(std::string_view url) {
  std::string out(url);
  const auto scheme = out.find("://");
  if (scheme == std::string::npos || out.starts_with("sqlite:")) return out;
  const auto start = scheme + 3;
  const auto slash = out.find('/', start);
  const auto end = slash == std::string::npos ? out.size() : slash;
  const auto at = out.rfind('@', end);
  if (at == std::string::npos || at < start) return out;
  const auto colon = out.find(':', start);
  if (colon == std::string::npos || colon > at) return out;
  return out.substr(0, colon + 1) + "***" + out.substr(at);
}

}  // namespace lezpay::sqlstore

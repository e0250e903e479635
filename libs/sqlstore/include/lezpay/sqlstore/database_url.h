#pragma once
// Where a store lives, as one string (the Store archive, the replay memory, the settlement journal
// and the served payments all take one). Pure: parsing and redaction only, no I/O.
//
//   <path>                                   a SQLite file (what every store took before URLs)
//   sqlite:<path>  or  sqlite://<path>       the same, spelt as a URL (":memory:" is in-memory)
//   postgresql://[user[:password]@]host[:port]/dbname[?schema=<name>]   (also postgres://)
//
// user and password are percent-decoded (a password may hold '@', ':' or '/'); host may be a
// bracketed IPv6 literal; port defaults to 5432. `schema` puts the store's tables in that
// PostgreSQL schema (created if missing), so several stores or tests can share one database; it
// is written into SQL, so it must be a plain lowercase identifier ([a-z_][a-z0-9_]*, at most 63
// bytes). Anything else (empty parts, another query parameter, a port outside 1..65535) is
// Error{<the caller's code>, sentence naming the part}; the sentence never holds the password.

#include <cstdint>
#include <string>
#include <string_view>

#include "lezpay/util/result.h"

namespace lezpay::sqlstore {

struct DatabaseUrl {
  bool postgresql = false;
  std::string sqlitePath;  // SQLite only
  std::string host;        // PostgreSQL only (brackets of an IPv6 literal removed)
  std::uint16_t port = 5432;
  std::string user;        // empty: libpq's default (the OS user)
  std::string password;    // never logged
  std::string dbname;
  std::string schema;      // empty: the server's default search_path
};

// True when `location` is spelt as a URL (sqlite:, postgresql://, postgres://) rather than a path.
bool isDatabaseUrl(std::string_view location);

// Parses a URL as above; `code` is the error code of the caller's domain (INVALID_CONFIG, ...),
// `what` names the setting in the sentence ("archive url", "journal_url").
util::Result<DatabaseUrl> parseDatabaseUrl(std::string_view url, std::string_view code, std::string_view what);

// A path or a URL: a path is a SQLite file.
util::Result<DatabaseUrl> parseDatabaseLocation(std::string_view location, std::string_view code, std::string_view what);

// The location with any password replaced by "***", for logs, status answers and errors.
std::string redactDatabaseUrl(std::string_view location);

}  // namespace lezpay::sqlstore

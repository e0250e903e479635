#pragma once
// Parses ArchiveConfig::url into the connection parameters of one backend. Pure: no I/O.
//
//   sqlite:<path>  or  sqlite://<path>      (sqlite:///abs/file and sqlite:rel/file both work;
//                                            ":memory:" is an in-memory database)
//   postgresql://[user[:password]@]host[:port]/dbname[?schema=<name>]   (also postgres://)
//
// user and password are percent-decoded; host may be a bracketed IPv6 literal; port defaults to
// 5432. `schema` puts the archive's tables in that PostgreSQL schema (created if missing), so
// several archives can share one database; it must be a plain lowercase identifier
// ([a-z_][a-z0-9_]*, at most 63 bytes) since it is written into SQL. Anything else (empty parts,
// another query parameter, a port outside 1..65535, an unknown scheme) is
// Error{INVALID_ARCHIVE_CONFIG, sentence naming the part}.

#include <cstdint>
#include <string>
#include <string_view>

#include "lezpay/util/result.h"

namespace lezpay::archive {

enum class Backend { Sqlite, Postgresql };

struct ArchiveUrl {
  Backend backend = Backend::Sqlite;
  std::string sqlite_path;  // Sqlite only
  std::string host;         // Postgresql only (brackets of an IPv6 literal removed)
  std::uint16_t port = 5432;
  std::string user;         // empty: libpq's default (the OS user)
  std::string password;
  std::string dbname;
  std::string schema;       // Postgresql only; empty: the server's default search_path
};

util::Result<ArchiveUrl> parseArchiveUrl(std::string_view url);

// The url with any password replaced by "***", for logs and error messages.
std::string redactArchiveUrl(std::string_view url);

}  // namespace lezpay::archive

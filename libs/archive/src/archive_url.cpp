#include "archive_url.h"

#include "lezpay/archive/archive.h"
#include "lezpay/sqlstore/database_url.h"

namespace lezpay::archive {

// The archive's url is a store location like any other (libs/sqlstore database_url.h), refused
// with the archive's own code and named "archive url".
util::Result<ArchiveUrl> parseArchiveUrl(std::string_view text) {
  auto parsed = sqlstore::parseDatabaseUrl(text, kInvalidConfig, "archive url");
  if (!parsed.ok()) return parsed.error();
  const sqlstore::DatabaseUrl& d = parsed.value();
  ArchiveUrl url;
  url.backend = d.postgresql ? Backend::Postgresql : Backend::Sqlite;
  url.sqlite_path = d.sqlitePath;
  url.host = d.host;
  url.port = d.port;
  url.user = d.user;
  url.password = d.password;
  url.dbname = d.dbname;
  url.schema = d.schema;
  return url;
}

std::string redactArchiveUrl(std::string_view url) { return sqlstore::redactDatabaseUrl(url); }

}  // namespace lezpay::archive

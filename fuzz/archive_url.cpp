// Fuzz target: lezpay::archive::parseArchiveUrl and redactArchiveUrl (libs/archive/src/
// archive_url.h), which read the delivery node's archive configuration (`archive_url`, from the
// node's config or an operation parameter). Pure file of libs/archive, compiled here alone.
// Properties: no crash; a parsed URL written back in canonical form (sqlite://path, or
// postgresql:// with percent-encoded user and password, bracketed IPv6 host, explicit port)
// parses to the same value; a schema is a plain identifier; the redacted text never parses to
// a URL with the real password; a refusal is INVALID_ARCHIVE_CONFIG with a sentence.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "archive_url.h"
#include "fuzz_check.h"
#include "lezpay/archive/archive.h"

namespace {

using lezpay::archive::ArchiveUrl;
using lezpay::archive::Backend;

std::string percentEncode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', hex[c >> 4], hex[c & 15]};
    }
  }
  return out;
}

std::string canonical(const ArchiveUrl& u) {
  if (u.backend == Backend::Sqlite) return "sqlite://" + u.sqlite_path;
  std::string out = "postgresql://";
  if (!u.user.empty()) {
    out += percentEncode(u.user);
    if (!u.password.empty()) out += ":" + percentEncode(u.password);
    out += "@";
  }
  out += u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;
  out += ":" + std::to_string(u.port) + "/" + u.dbname;
  if (!u.schema.empty()) out += "?schema=" + u.schema;
  return out;
}

bool same(const ArchiveUrl& a, const ArchiveUrl& b) {
  return a.backend == b.backend && a.sqlite_path == b.sqlite_path && a.host == b.host && a.port == b.port && a.user == b.user &&
         a.password == b.password && a.dbname == b.dbname && a.schema == b.schema;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto u = lezpay::archive::parseArchiveUrl(text);
  const std::string redacted = lezpay::archive::redactArchiveUrl(text);
  if (!u.ok()) {
    FUZZ_CHECK(u.error().code == lezpay::archive::kInvalidConfig && !u.error().message.empty());
    return 0;
  }
  if (u->backend == Backend::Sqlite) {
    FUZZ_CHECK(!u->sqlite_path.empty());
  } else {
    FUZZ_CHECK(!u->host.empty() && !u->dbname.empty() && u->port > 0);
    for (char c : u->schema) FUZZ_CHECK((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  }
  auto again = lezpay::archive::parseArchiveUrl(canonical(*u));
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(same(*again, *u));

  if (u->backend == Backend::Postgresql && !u->password.empty() && u->password != "***") {
    auto seen = lezpay::archive::parseArchiveUrl(redacted);
    FUZZ_CHECK(!seen.ok() || seen->password != u->password);
    FUZZ_CHECK(redacted != text);
  }
  return 0;
}

// Fuzz target: the daemon's token store (host/include/logos/host/token_store.h, token_scope.h),
// which the daemon rereads on every request with a named token. The first byte picks the decoder,
// the rest is the text.
// 0 tokens.json: never throws; a readable store encodes, decodes and encodes again to the same
//   text with the same rows; every row read has a valid name and a 64-hex hash.
// 1 --scope text: a refusal is INVALID_SCOPE starting "--scope"; an accepted scope's canonical
//   text parses to itself and grants nothing to an empty operation.
// 2 --expires text: a refusal is INVALID_EXPIRES starting "--expires"; an accepted expiry lies in
//   1970..9999 and its UTC text reads back to the same second.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "logos/host/token_scope.h"
#include "logos/host/token_store.h"

namespace {

constexpr std::int64_t kNow = 1796432400;  // 2026-12-05T01:00:00Z
constexpr std::int64_t kLastUtc = 253402300799;  // 9999-12-31T23:59:59Z

void tokensFile(const std::string& text) {
  const logos::host::TokenStore first = logos::host::decodeTokensFile(text);
  if (first.unsupported) {
    FUZZ_CHECK(first.rows.empty() && first.unreadableRows.empty());
    return;
  }
  for (const auto& row : first.rows) {
    FUZZ_CHECK(logos::host::isValidTokenName(row.name));
    FUZZ_CHECK(row.hash.size() == 64);
  }
  const std::string encoded = logos::host::encodeTokensFile(first);
  const logos::host::TokenStore second = logos::host::decodeTokensFile(encoded);
  FUZZ_CHECK(!second.unsupported);
  FUZZ_CHECK(second.rows.size() == first.rows.size());
  FUZZ_CHECK(second.unreadableRows.size() == first.unreadableRows.size());
  for (std::size_t i = 0; i < first.rows.size(); ++i) {
    FUZZ_CHECK(second.rows[i].name == first.rows[i].name && second.rows[i].hash == first.rows[i].hash);
    FUZZ_CHECK(second.rows[i].scope == first.rows[i].scope && second.rows[i].expiresAt == first.rows[i].expiresAt);
    FUZZ_CHECK(second.rows[i].localOnly == first.rows[i].localOnly);
  }
  FUZZ_CHECK(logos::host::encodeTokensFile(second) == encoded);
}

void scope(const std::string& text) {
  auto s = logos::host::TokenScope::parse(text);
  if (!s.ok()) {
    FUZZ_CHECK(s.error().code == "INVALID_SCOPE" && s.error().message.rfind("--scope", 0) == 0);
    return;
  }
  auto again = logos::host::TokenScope::parse(s->text());
  FUZZ_CHECK(again.ok() && again->text() == s->text());
  FUZZ_CHECK(!s->allowsCall("x402_module", ""));
  FUZZ_CHECK(!s->allowsCall("core", "load_module"));
}

void expires(const std::string& text) {
  auto e = logos::host::parseExpires(text, kNow);
  if (!e.ok()) {
    FUZZ_CHECK(e.error().code == "INVALID_EXPIRES" && e.error().message.rfind("--expires", 0) == 0);
    return;
  }
  FUZZ_CHECK(*e >= 0 && *e <= kLastUtc);
  FUZZ_CHECK(logos::host::parseUtc(logos::host::formatUtc(*e)) == *e);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 3) {
    case 0: tokensFile(text); break;
    case 1: scope(text); break;
    default: expires(text); break;
  }
  return 0;
}

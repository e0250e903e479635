#pragma once
// The named-token store of the daemon (logos-core.md §14): `<config>/daemon/tokens.json` and the
// raw-token files `<config>/daemon/tokens/<name>.json`. Pure: text and values in, text and values
// out; time comes in as Unix seconds and randomness as bytes, so unit tests and the fuzz target
// fuzz/token_store_file.cpp drive it without files or a clock. The file operations are in
// token_files.h, the request rule in request_auth.h.
//
// tokens.json = {"version":2,"tokens":[{"name","hash","issued_at","expires_at":T|null,"local_only",
//                "scope"?}]}
// - `hash` is the lowercase hex SHA-256 of the raw token; T is `YYYY-MM-DDTHH:MM:SSZ` (UTC).
// - `scope` (ours, token_scope.h) is an extra row key: upstream readers ignore unknown keys, and
//   an upstream writer that drops it leaves the row unscoped, never wider than the file says.
// - Keys this code does not know, in a row or at the top, are kept as they are when the file is
//   rewritten; so is a row it cannot read (it never authorizes and is not listed).
//
// decodeTokensFile never fails: missing or unparseable text (not JSON, not an object, no
// "version") is an empty, rewritable store; `version` present and not the integer 2, or a
// `tokens` that is present and not an array, is an *unsupported* store, which is never rewritten
// (the commands answer IO_ERROR, the daemon exits 1).

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lezpay/util/result.h"
#include "logos/json.h"

namespace logos::host {

inline constexpr int kTokensFileVersion = 2;
inline constexpr int kRawTokenFileVersion = 1;
inline constexpr std::size_t kRawTokenBytes = 32;       // CSPRNG bytes behind one token
inline constexpr std::size_t kRawTokenChars = 43;       // their base64url text, unpadded
inline constexpr std::size_t kMaxTokenNameChars = 64;
inline constexpr const char* kBootTokenName = "auto";  // re-issued by the daemon at every boot

struct TokenRow {
  std::string name;
  std::string hash;                       // 64 lowercase hex digits
  std::string issuedAt;                   // as written; display only
  std::optional<std::string> expiresAt;   // as written; an unparseable value refuses the token
  bool localOnly = false;
  std::optional<std::string> scope;       // token_scope.h text; absent = unscoped
  Json extra = Json::object();            // row keys this code does not know, kept on rewrite
};

struct TokenStore {
  bool unsupported = false;               // `version` other than 2: never rewrite
  std::vector<TokenRow> rows;
  std::vector<Json> unreadableRows;       // kept verbatim on rewrite, never authorize
  Json extra = Json::object();            // top-level keys other than version/tokens
};

TokenStore decodeTokensFile(std::string_view text);
// The file text (one JSON document and a newline). Precondition: !store.unsupported.
std::string encodeTokensFile(const TokenStore& store);

// Name rule of §14: 1..64 of [A-Za-z0-9._-], not starting with '.' or '-', no "..".
bool isValidTokenName(std::string_view name);
// The sentence explaining why `name` is refused; empty when valid.
std::string tokenNameProblem(std::string_view name);

// `YYYY-MM-DDTHH:MM:SSZ` of Unix seconds (years 1970..9999).
std::string formatUtc(std::int64_t unixSeconds);
// Strict inverse of formatUtc: exactly that shape, a real calendar date, seconds 00..59.
std::optional<std::int64_t> parseUtc(std::string_view text);

// `--expires D`: `<digits>s|m|h|d` from `nowUnix`, `YYYY-MM-DD` (midnight UTC) or
// `YYYY-MM-DDTHH:MM:SSZ`. Answers the expiry as Unix seconds, or INVALID_EXPIRES with a sentence
// (also for a moment after 9999-12-31T23:59:59Z).
lezpay::util::Result<std::int64_t> parseExpires(std::string_view text, std::int64_t nowUnix);

// The raw token of 32 random bytes: 43 characters of base64url without padding.
std::string rawTokenFromBytes(std::span<const std::uint8_t, kRawTokenBytes> bytes);
// Lowercase hex SHA-256 of the raw token's text.
std::string hashToken(std::string_view raw);

// Rows named `name` (there is normally one).
bool hasToken(const TokenStore& store, std::string_view name);
// Drops every row named `name`; answers whether there was one.
bool removeToken(TokenStore& store, std::string_view name);

struct IssueRequest {
  std::string name;
  std::string raw;                        // rawTokenFromBytes
  std::int64_t nowUnix = 0;
  std::optional<std::int64_t> expiresAt;  // Unix seconds
  bool localOnly = false;
  std::optional<std::string> scope;       // canonical scope text, or none
  bool replace = false;
};

// Adds the row of a fresh token. Errors: INVALID_NAME, TOKEN_EXISTS (a row of that name and no
// `replace`), IO_ERROR (unsupported store). With `replace` the old rows of that name go first, so
// the old value stops working as soon as the file is written.
lezpay::util::Status issueToken(TokenStore& store, const IssueRequest& request);

// {"version":1,"name":N,"token":RAW,"issued_at":T}: the raw-token file and client/auto.json.
Json rawTokenFileJson(std::string_view name, std::string_view raw, std::int64_t issuedAtUnix);

// One `list-tokens` entry without the raw file test: {"name","issued_at","expires_at","local_only",
// "scope"} (scope null when unscoped).
Json listEntry(const TokenRow& row);

}  // namespace logos::host

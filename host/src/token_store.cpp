#include "logos/host/token_store.h"

#include <algorithm>
#include <cstdio>

#include "lezpay/util/base64.h"
#include "lezpay/util/hex.h"
#include "lezpay/util/json_parse.h"
#include "lezpay/util/sha256.h"
#include "logos/error_codes.h"

namespace logos::host {

using lezpay::util::Error;
using lezpay::util::Result;
using lezpay::util::Status;

namespace {

// Hinnant's civil-date algorithms: exact over the whole proleptic Gregorian calendar.
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civilFromDays(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2 ? 1 : 0;
}

bool leapYear(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned daysInMonth(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leapYear(y) ? 29 : kDays[m - 1];
}

// Digits at text[pos, pos+n) as a number; nullopt when any is not a digit.
std::optional<unsigned> digits(std::string_view text, std::size_t pos, std::size_t n) {
  unsigned v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    v = v * 10 + static_cast<unsigned>(text[i] - '0');
  }
  return v;
}

// YYYY-MM-DD at the start of `text` as days since the epoch; nullopt unless a real date.
std::optional<std::int64_t> parseDate(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto y = digits(text, 0, 4);
  auto m = digits(text, 5, 2);
  auto d = digits(text, 8, 2);
  if (!y || !m || !d || *y < 1970 || *m < 1 || *m > 12 || *d < 1 || *d > daysInMonth(*y, *m)) return std::nullopt;
  return daysFromCivil(*y, *m, *d);
}

constexpr std::int64_t kSecondsPerDay = 86400;
// 9999-12-31T23:59:59Z: the last moment formatUtc can write.
const std::int64_t kLastUtc = daysFromCivil(9999, 12, 31) * kSecondsPerDay + kSecondsPerDay - 1;

bool isLowerHex64(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// A row of a version-2 file, or nullopt when this code cannot read it safely. A row with a
// `scope` that is neither a string nor null is unreadable: read as unscoped it would grant more.
std::optional<TokenRow> decodeRow(const Json& j) {
  if (!j.is_object()) return std::nullopt;
  auto str = [&](const char* key) -> const Json* {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? &*it : nullptr;
  };
  const Json* name = str("name");
  const Json* hash = str("hash");
  if (name == nullptr || hash == nullptr || !isValidTokenName(name->get<std::string>())) return std::nullopt;
  TokenRow row;
  row.name = name->get<std::string>();
  row.hash = hash->get<std::string>();
  if (!isLowerHex64(row.hash)) return std::nullopt;
  if (const Json* issued = str("issued_at")) row.issuedAt = issued->get<std::string>();
  else if (j.contains("issued_at")) return std::nullopt;
  if (auto it = j.find("expires_at"); it != j.end() && !it->is_null()) {
    if (!it->is_string()) return std::nullopt;
    row.expiresAt = it->get<std::string>();
  }
  if (auto it = j.find("local_only"); it != j.end()) {
    if (!it->is_boolean()) return std::nullopt;
    row.localOnly = it->get<bool>();
  }
  if (auto it = j.find("scope"); it != j.end() && !it->is_null()) {
    if (!it->is_string()) return std::nullopt;
    row.scope = it->get<std::string>();
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    static constexpr const char* kKnown[] = {"name", "hash", "issued_at", "expires_at", "local_only", "scope"};
    if (std::none_of(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return it.key() == k; })) {
      row.extra[it.key()] = it.value();
    }
  }
  return row;
}

Json encodeRow(const TokenRow& row) {
  Json j = row.extra.is_object() ? row.extra : Json::object();
  j["name"] = row.name;
  j["hash"] = row.hash;
  j["issued_at"] = row.issuedAt;
  j["expires_at"] = row.expiresAt ? Json(*row.expiresAt) : Json(nullptr);
  j["local_only"] = row.localOnly;
  if (row.scope) j["scope"] = *row.scope;
  return j;
}

}  // namespace

TokenStore decodeTokensFile(std::string_view text) {
  TokenStore store;
  auto parsed = lezpay::util::parseJson(text);
  if (!parsed.ok() || !parsed.value().is_object()) return store;
  const Json& j = parsed.value();
  auto version = j.find("version");
  if (version == j.end()) return store;
  if (!version->is_number_integer() || version->get<std::int64_t>() != kTokensFileVersion) {
    store.unsupported = true;
    return store;
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() != "version" && it.key() != "tokens") store.extra[it.key()] = it.value();
  }
  auto tokens = j.find("tokens");
  if (tokens == j.end()) return store;
  if (!tokens->is_array()) {
    // Rewriting would destroy whatever it holds: treat it like an unknown version.
    store.unsupported = true;
    store.extra = Json::object();
    return store;
  }
  for (const Json& r : *tokens) {
    if (auto row = decodeRow(r)) store.rows.push_back(std::move(*row));
    else store.unreadableRows.push_back(r);
  }
  return store;
}

std::string encodeTokensFile(const TokenStore& store) {
  Json j = store.extra.is_object() ? store.extra : Json::object();
  j["version"] = kTokensFileVersion;
  Json rows = Json::array();
  for (const auto& r : store.rows) rows.push_back(encodeRow(r));
  for (const auto& r : store.unreadableRows) rows.push_back(r);
  j["tokens"] = std::move(rows);
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string tokenNameProblem(std::string_view name) {
  if (name.empty()) return "a token name must not be empty";
  if (name.size() > kMaxTokenNameChars) return "a token name has at most 64 characters";
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return "a token name may hold only letters, digits, '.', '_' and '-'";
  }
  if (name.front() == '.' || name.front() == '-') return "a token name must not start with '.' or '-'";
  if (name.find("..") != std::string_view::npos) return "a token name must not contain '..'";
  return {};
}

bool isValidTokenName(std::string_view name) { return tokenNameProblem(name).empty(); }

std::string formatUtc(std::int64_t unixSeconds) {
  unixSeconds = std::clamp<std::int64_t>(unixSeconds, 0, kLastUtc);
  const std::int64_t days = unixSeconds / kSecondsPerDay;
  const std::int64_t rem = unixSeconds % kSecondsPerDay;
  std::int64_t y = 0;
  unsigned m = 0;
  unsigned d = 0;
  civilFromDays(days, y, m, d);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(y), m, d,
                static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60));
  return buf;
}

std::optional<std::int64_t> parseUtc(std::string_view text) {
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z') return std::nullopt;
  auto days = parseDate(text.substr(0, 10));
  auto h = digits(text, 11, 2);
  auto mi = digits(text, 14, 2);
  auto s = digits(text, 17, 2);
  if (!days || !h || !mi || !s || *h > 23 || *mi > 59 || *s > 59) return std::nullopt;
  return *days * kSecondsPerDay + *h * 3600 + *mi * 60 + *s;
}

Result<std::int64_t> parseExpires(std::string_view text, std::int64_t nowUnix) {
  const std::string code(toString(ErrorCode::InvalidExpires));
  auto bad = [&](const std::string& why) {
    return Error{code, "--expires '" + std::string(text.substr(0, 64)) + "': " + why};
  };
  const std::string expected = "expected <n>s, <n>m, <n>h, <n>d, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC)";
  if (text.empty()) return bad(expected);
  const char unit = text.back();
  if (unit == 's' || unit == 'm' || unit == 'h' || unit == 'd') {
    const std::string_view number = text.substr(0, text.size() - 1);
    if (number.empty() || number.size() > 12 || !std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return bad(expected);
    }
    std::int64_t n = 0;
    for (char c : number) n = n * 10 + (c - '0');
    const std::int64_t scale = unit == 's' ? 1 : unit == 'm' ? 60 : unit == 'h' ? 3600 : kSecondsPerDay;
    if (n > (kLastUtc - nowUnix) / scale) return bad("ends after 9999-12-31T23:59:59Z");
    return nowUnix + n * scale;
  }
  if (text.size() == 10) {
    if (auto days = parseDate(text)) return *days * kSecondsPerDay;
    return bad("not a calendar date (" + expected + ")");
  }
  if (auto t = parseUtc(text)) return *t;
  return bad(expected);
}

std::string rawTokenFromBytes(std::span<const std::uint8_t, kRawTokenBytes> bytes) {
  return lezpay::util::toBase64Url(bytes);
}

std::string hashToken(std::string_view raw) {
  const auto digest = lezpay::util::sha256(
      std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size()));
  return lezpay::util::toHex(digest);
}

bool hasToken(const TokenStore& store, std::string_view name) {
  return std::any_of(store.rows.begin(), store.rows.end(), [&](const TokenRow& r) { return r.name == name; });
}

bool removeToken(TokenStore& store, std::string_view name) {
  const auto before = store.rows.size();
  std::erase_if(store.rows, [&](const TokenRow& r) { return r.name == name; });
  return store.rows.size() != before;
}

Status issueToken(TokenStore& store, const IssueRequest& request) {
  if (store.unsupported) {
    return Error{std::string(toString(ErrorCode::IoError)), "tokens.json is of an unsupported version; it is left untouched"};
  }
  if (auto problem = tokenNameProblem(request.name); !problem.empty()) {
    return Error{std::string(toString(ErrorCode::InvalidName)), "'" + request.name.substr(0, 80) + "': " + problem};
  }
  if (hasToken(store, request.name)) {
    if (!request.replace) {
      return Error{std::string(toString(ErrorCode::TokenExists)),
                   "a token named '" + request.name + "' exists; pass --replace to rotate it"};
    }
    removeToken(store, request.name);
  }
  TokenRow row;
  row.name = request.name;
  row.hash = hashToken(request.raw);
  row.issuedAt = formatUtc(request.nowUnix);
  if (request.expiresAt) row.expiresAt = formatUtc(*request.expiresAt);
  row.localOnly = request.localOnly;
  row.scope = request.scope;
  store.rows.push_back(std::move(row));
  return lezpay::util::okStatus();
}

Json rawTokenFileJson(std::string_view name, std::string_view raw, std::int64_t issuedAtUnix) {
  return Json{{"version", kRawTokenFileVersion}, {"name", std::string(name)}, {"token", std::string(raw)},
              {"issued_at", formatUtc(issuedAtUnix)}};
}

Json listEntry(const TokenRow& row) {
  return Json{{"name", row.name},
              {"issued_at", row.issuedAt},
              {"expires_at", row.expiresAt ? Json(*row.expiresAt) : Json(nullptr)},
              {"local_only", row.localOnly},
              {"scope", row.scope ? Json(*row.scope) : Json(nullptr)}};
}

}  // namespace logos::host

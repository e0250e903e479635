#include "console_time.h"

#include <cctype>
#include <ctime>

namespace console {

std::string isoUtc(std::int64_t unixSeconds) {
  const std::time_t t = static_cast<std::time_t>(unixSeconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

namespace {

std::optional<int> digits(std::string_view s, std::size_t at, std::size_t n) {
  if (at + n > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

}  // namespace

std::optional<std::int64_t> parseTimeText(std::string_view s) {
  if (s.empty() || s.size() > 32) return std::nullopt;
  bool allDigits = true;
  for (char c : s) allDigits = allDigits && std::isdigit(static_cast<unsigned char>(c));
  if (allDigits) {
    if (s.size() > 12) return std::nullopt;
    std::int64_t v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
  }
  auto y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2);
  if (!y || !mo || !d || s[4] != '-' || s[7] != '-') return std::nullopt;
  int h = 0, mi = 0, sec = 0;
  if (s.size() != 10) {
    auto hh = digits(s, 11, 2), mm = digits(s, 14, 2), ss = digits(s, 17, 2);
    if (s.size() != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' || !hh || !mm || !ss) return std::nullopt;
    h = *hh;
    mi = *mm;
    sec = *ss;
  }
  if (*mo < 1 || *mo > 12 || *d < 1 || *d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  std::tm tm{};
  tm.tm_year = *y - 1900;
  tm.tm_mon = *mo - 1;
  tm.tm_mday = *d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  return static_cast<std::int64_t>(timegm(&tm));
}

void putTime(logos::Json& out, const std::string& key, std::optional<std::int64_t> value) {
  if (!value || *value <= 0) {
    out[key] = nullptr;
    out[key + "_unix"] = nullptr;
    return;
  }
  out[key] = isoUtc(*value);
  out[key + "_unix"] = *value;
}

void putTime(logos::Json& out, const std::string& key, const logos::Json& value) {
  if (value.is_number_integer()) return putTime(out, key, std::optional<std::int64_t>(value.get<std::int64_t>()));
  if (value.is_number_unsigned()) return putTime(out, key, std::optional<std::int64_t>(static_cast<std::int64_t>(value.get<std::uint64_t>())));
  putTime(out, key, std::optional<std::int64_t>());
}

}  // namespace console

#include "logos/host/cli_output.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "logos/envelope.h"

namespace logos::host {

ExitCode exitCodeForCode(std::string_view code) {
  if (code == toString(ErrorCode::NoDaemon)) return ExitCode::NoDaemon;
  if (code == toString(ErrorCode::ModuleNotFound) || code == toString(ErrorCode::ModuleNotLoaded) ||
      code == toString(ErrorCode::ModuleLoadFailed) || code == toString(ErrorCode::TokenExists) ||
      code == toString(ErrorCode::TokenNotFound) || code == toString(ErrorCode::PackageRefused) ||
      code == toString(ErrorCode::ModuleCrashed)) {
    return ExitCode::ModuleError;
  }
  if (code == toString(ErrorCode::MethodNotFound) || code == toString(ErrorCode::MethodFailed) ||
      code == toString(ErrorCode::InvalidArgs) || code == toString(ErrorCode::Timeout) ||
      code == toString(ErrorCode::AccessDenied) || code == toString(ErrorCode::CallCycle) ||
      code == toString(ErrorCode::Cancelled) || code == toString(ErrorCode::Forbidden)) {
    return ExitCode::MethodError;
  }
  return ExitCode::General;
}

ExitCode exitCodeFor(const Json& envelope) {
  if (isOk(envelope)) return ExitCode::Ok;
  if (envelope.is_object() && envelope.contains("code") && envelope["code"].is_string()) {
    return exitCodeForCode(envelope["code"].get<std::string>());
  }
  return ExitCode::General;
}

std::string errorLine(const Json& envelope) {
  if (isOk(envelope)) return {};
  auto text = [&envelope](const char* key, const char* fallback) {
    auto it = envelope.is_object() ? envelope.find(key) : envelope.end();
    return envelope.is_object() && it != envelope.end() && it->is_string() ? it->get<std::string>() : std::string(fallback);
  };
  std::string line = text("code", "ERROR") + ": " + text("message", "the command failed");
  // One line, whatever the message holds.
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return line;
}

std::string statsTable(const Json& rows) {
  auto number = [](const Json& row, const char* key) {
    auto it = row.find(key);
    return it != row.end() && it->is_number() ? it->get<double>() : 0.0;
  };
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "%-32s %8s %7s %10s\n", "MODULE", "PID", "CPU%", "MEMORY");
  out += line;
  if (!rows.is_array()) return out;
  for (const auto& row : rows) {
    if (!row.is_object()) continue;
    const std::string name = row.value("name", std::string("?"));
    const std::string pid = row.contains("pid") && row["pid"].is_number_integer() ? std::to_string(row["pid"].get<std::int64_t>()) : "-";
    std::snprintf(line, sizeof line, "%-32s %8s %6.1f%% %7.1f MiB\n", name.c_str(), pid.c_str(), number(row, "cpu_percent"),
                  number(row, "memory_mb"));
    out += line;
  }
  return out;
}

}  // namespace logos::host

namespace logos::host {
namespace {

bool isDecimal(const std::string& s) {
  if (s.empty() || s.size() > 39) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool endsWith(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool isAmountKey(const std::string& key) {
  static const char* const names[] = {"amount", "balance", "accrued", "unaccrued", "allocation", "unallocated", "claimed",
                                      "claimable", "price", "deposit", "released", "increase", "per_request_cap",
                                      "daily_cap", "monthly_cap", "balance_decimal", "holding_balance"};
  for (const char* n : names) {
    if (key == n) return true;
  }
  return false;
}

bool isTimeKey(const std::string& key) {
  return endsWith(key, "_at") || key == "valid_before" || key == "valid_after" || key == "timestamp" ||
         key == "timestamp_ms" || key == "create_stream_deadline" || key == "deadline" || endsWith(key, "_at_ms");
}

std::string grouped(const std::string& digits) {
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Seconds (or milliseconds under a `_ms` name) since 1970 as `YYYY-MM-DD HH:MM:SS UTC`; empty
// when the number is not a plausible date (before 2001 or after 2286), so it stays a number.
std::string utcDate(std::int64_t value, bool millis) {
  const std::int64_t seconds = millis ? value / 1000 : value;
  if (seconds < 1000000000 || seconds > 9999999999) return {};
  // Civil from days (H. Hinnant's algorithm): no time zone database, no locale.
  std::int64_t days = seconds / 86400;
  const std::int64_t rest = seconds % 86400;
  days += 719468;
  const std::int64_t era = days / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld %02lld:%02lld:%02lld UTC", static_cast<long long>(y),
                static_cast<long long>(m), static_cast<long long>(d), static_cast<long long>(rest / 3600),
                static_cast<long long>(rest % 3600 / 60), static_cast<long long>(rest % 60));
  return buf;
}

std::string scalar(const std::string& key, const Json& v) {
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (isAmountKey(key) && isDecimal(s)) return grouped(s) + " native";
    if (isTimeKey(key) && isDecimal(s) && s.size() <= 13) {
      const std::string date = utcDate(std::stoll(s), endsWith(key, "_ms"));
      if (!date.empty()) return date;
    }
    return s;
  }
  if (v.is_number_integer() || v.is_number_unsigned()) {
    if (isAmountKey(key)) return grouped(v.dump()) + " native";
    if (isTimeKey(key) && v.is_number_integer()) {
      const std::string date = utcDate(v.get<std::int64_t>(), endsWith(key, "_ms"));
      if (!date.empty()) return date;
    }
  }
  if (v.is_null()) return "-";
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void render(const std::string& key, const Json& v, int depth, std::string& out) {
  const std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
  if (v.is_object()) {
    if (!key.empty()) out += indent + key + ":\n";
    if (v.empty() && !key.empty()) out += indent + "  (empty)\n";
    for (auto it = v.begin(); it != v.end(); ++it) render(it.key(), it.value(), key.empty() ? depth : depth + 1, out);
    return;
  }
  if (v.is_array()) {
    out += indent + (key.empty() ? std::string("-") : key) + ":" + (v.empty() ? " (none)\n" : "\n");
    std::size_t i = 0;
    for (const auto& e : v) {
      if (e.is_object() || e.is_array()) {
        out += indent + "  [" + std::to_string(i) + "]\n";
        render("", e, depth + 2, out);
      } else {
        out += indent + "  - " + scalar(key, e) + "\n";
      }
      ++i;
    }
    return;
  }
  out += indent + (key.empty() ? std::string() : key + ": ") + scalar(key, v) + "\n";
}

}  // namespace

std::string humanText(const Json& doc) {
  std::string out;
  // The call envelope: its verdict first, then the module's answer without another level.
  if (doc.is_object() && doc.contains("status") && doc["status"].is_string()) {
    const std::string status = doc["status"].get<std::string>();
    if (status == "ok") {
      Json rest = doc;
      rest.erase("status");
      if (rest.size() == 1 && rest.contains("result")) rest = rest["result"];
      if (rest.is_object() && rest.empty()) return "ok\n";
      render("", rest, 0, out);
      return out;
    }
  }
  if (!doc.is_object() && !doc.is_array()) return scalar("", doc) + "\n";
  render("", doc, 0, out);
  return out;
}

std::string humanEvent(const Json& event, const Json& declaredParams) {
  std::string name = event.is_object() ? event.value("event", event.value("name", std::string("event"))) : std::string("event");
  std::string out;
  if (event.is_object() && event.contains("timestamp") && event["timestamp"].is_string()) out += event["timestamp"].get<std::string>() + "  ";
  if (event.is_object() && event.contains("module") && event["module"].is_string()) out += event["module"].get<std::string>() + ".";
  out += name;
  Json data = event.is_object() && event.contains("data") ? event["data"] : Json();
  std::vector<std::string> names;
  if (declaredParams.is_array()) {
    for (const auto& p : declaredParams) {
      if (p.is_string()) names.push_back(p.get<std::string>());
      else if (p.is_object() && p.contains("name") && p["name"].is_string()) names.push_back(p["name"].get<std::string>());
    }
  }
  if (data.is_array()) {
    for (std::size_t i = 0; i < data.size(); ++i) {
      const std::string key = i < names.size() ? names[i] : "arg" + std::to_string(i);
      out += "  " + key + "=" + scalar(key, data[i]);
    }
  } else if (data.is_object()) {
    // The wire names positional data arg0, arg1, ...: the declared names replace them.
    for (std::size_t i = 0; i < data.size() + names.size(); ++i) {
      const std::string wire = "arg" + std::to_string(i);
      if (!data.contains(wire)) continue;
      const std::string key = i < names.size() ? names[i] : wire;
      out += "  " + key + "=" + scalar(key, data[wire]);
    }
    for (auto it = data.begin(); it != data.end(); ++it) {
      const std::string& k = it.key();
      const bool positional = k.size() > 3 && k.rfind("arg", 0) == 0 && isDecimal(k.substr(3));
      if (!positional) out += "  " + k + "=" + scalar(k, it.value());
    }
  } else if (!data.is_null()) {
    out += "  " + (names.empty() ? std::string("arg0") : names[0]) + "=" + scalar(names.empty() ? "" : names[0], data);
  }
  return out;
}

}  // namespace logos::host

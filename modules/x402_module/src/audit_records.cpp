#include "audit_records.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "lezpay/util/json_parse.h"

namespace x402mod {
namespace {

using logos::Json;

// Calls `fn(line)` for each line of the file's text; the last line may lack '\n'.
template <typename Fn>
void forEachLine(const std::string& text, Fn fn) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    fn(std::string_view(text).substr(start, end - start));
    start = end + 1;
  }
}

std::optional<Json> parseRecord(std::string_view line) {
  if (line.empty()) return std::nullopt;
  auto parsed = lezpay::util::parseJson(line);
  if (!parsed.ok()) return std::nullopt;
  Json& j = parsed.value();
  if (!j.is_object() || !j.contains("seq") || !j["seq"].is_number_unsigned()) return std::nullopt;
  return j;
}

}  // namespace

std::uint64_t auditLastSeq(const std::string& text) {
  std::uint64_t last = 0;
  forEachLine(text, [&last](std::string_view line) {
    if (auto rec = parseRecord(line)) last = std::max<std::uint64_t>(last, (*rec)["seq"].get<std::uint64_t>());
  });
  return last;
}

Json auditPage(const std::string& text, std::uint64_t afterSeq, std::size_t limit, std::uint64_t lastSeq) {
  Json entries = Json::array();
  std::size_t unreadable = 0;
  bool more = false;
  forEachLine(text, [&](std::string_view line) {
    auto rec = parseRecord(line);
    if (!rec) {
      if (!line.empty()) ++unreadable;
      return;
    }
    if ((*rec)["seq"].get<std::uint64_t>() <= afterSeq) return;
    if (entries.size() >= limit) {
      more = true;
      return;
    }
    entries.push_back(std::move(*rec));
  });
  return Json{{"entries", entries}, {"next_seq", lastSeq + 1}, {"unreadable_lines", unreadable}, {"more", more}};
}

}  // namespace x402mod

#include "logos/host/arg_typing.h"

#include <cerrno>
#include <cstdlib>
#include <regex>

#include "logos/error_codes.h"

namespace logos::host {
namespace {

lezpay::util::Error invalid(const std::string& m) { return {std::string(toString(ErrorCode::InvalidArgs)), m}; }

bool startsWith(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

lezpay::util::Result<Json> parseJson(const std::string& text, const std::string& what) {
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
    return invalid(what + " is not valid JSON (byte " + std::to_string(e.byte) + ")");
  }
}

}  // namespace

lezpay::util::Result<Json> typeArgument(const std::string& text, const FileReader& readFile) {
  if (startsWith(text, "json:@")) {
    const std::string path = text.substr(6);
    auto content = readFile(path);
    if (!content.ok()) return invalid("argument '" + text + "': " + content.error().message);
    return parseJson(content.value(), "file '" + path + "'");
  }
  if (startsWith(text, "json:")) return parseJson(text.substr(5), "argument '" + text + "'");
  if (startsWith(text, "str:")) return Json(text.substr(4));
  if (startsWith(text, "@")) {
    auto content = readFile(text.substr(1));
    if (!content.ok()) return invalid("argument '" + text + "': " + content.error().message);
    return Json(content.value());
  }
  if (text == "true") return Json(true);
  if (text == "false") return Json(false);

  static const std::regex kInteger(R"(^-?[0-9]+$)");
  static const std::regex kDecimal(R"(^-?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][-+]?[0-9]+)?$)");
  if (std::regex_match(text, kInteger)) {
    errno = 0;
    if (text[0] == '-') {
      char* end = nullptr;
      long long v = std::strtoll(text.c_str(), &end, 10);
      if (errno == 0 && *end == '\0') return Json(static_cast<std::int64_t>(v));
    } else {
      char* end = nullptr;
      unsigned long long v = std::strtoull(text.c_str(), &end, 10);
      if (errno == 0 && *end == '\0') {
        if (v <= static_cast<unsigned long long>(INT64_MAX)) return Json(static_cast<std::int64_t>(v));
        return Json(static_cast<std::uint64_t>(v));
      }
    }
    return Json(text);  // beyond 64 bits: keep the exact decimal text
  }
  if (std::regex_match(text, kDecimal)) {
    errno = 0;
    char* end = nullptr;
    double d = std::strtod(text.c_str(), &end);
    if (errno == 0 && *end == '\0') return Json(d);
  }
  return Json(text);
}

}  // namespace logos::host

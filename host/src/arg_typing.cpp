#include "logos/host/arg_typing.h"

#include <cerrno>
#include <cstdlib>

#include "lezpay/util/json_parse.h"
#include "logos/error_codes.h"

namespace logos::host {
namespace {

lezpay::util::Error invalid(const std::string& m) { return {std::string(toString(ErrorCode::InvalidArgs)), m}; }

bool startsWith(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Advances `i` over digits; answers how many there were.
std::size_t skipDigits(const std::string& s, std::size_t& i) {
  const std::size_t start = i;
  while (i < s.size() && isDigit(s[i])) ++i;
  return i - start;
}

// -?[0-9]+ . Hand-written rather than std::regex, whose matcher recurses once per character and
// overflows the stack on a long argument.
bool isInteger(const std::string& s) {
  std::size_t i = s.size() > 0 && s[0] == '-' ? 1 : 0;
  return skipDigits(s, i) > 0 && i == s.size();
}

// -?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][-+]?[0-9]+)?
bool isDecimal(const std::string& s) {
  std::size_t i = s.size() > 0 && s[0] == '-' ? 1 : 0;
  std::size_t digits = skipDigits(s, i);
  if (i < s.size() && s[i] == '.') {
    ++i;
    digits += skipDigits(s, i);
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (skipDigits(s, i) == 0) return false;
  }
  return i == s.size();
}

lezpay::util::Result<Json> parseJson(const std::string& text, const std::string& what) {
  auto parsed = lezpay::util::parseJson(text);
  if (!parsed.ok()) return invalid(what + " is " + parsed.error().message);
  return parsed;
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

  if (isInteger(text)) {
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
  if (isDecimal(text)) {
    errno = 0;
    char* end = nullptr;
    double d = std::strtod(text.c_str(), &end);
    if (errno == 0 && *end == '\0') return Json(d);
  }
  return Json(text);
}

bool isUntypedForm(const std::string& text) {
  return !startsWith(text, "json:") && !startsWith(text, "str:") && !startsWith(text, "@");
}

}  // namespace logos::host

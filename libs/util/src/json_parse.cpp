#include "lezpay/util/json_parse.h"

#include <optional>
#include <string>
#include <vector>

namespace lezpay::util {
namespace {

using Json = nlohmann::json;

// nlohmann's exception id for "number overflow parsing '...'".
constexpr int kNumberOverflowId = 406;
// Longest piece of input quoted back in a message, and longest parser explanation.
constexpr std::size_t kMaxQuoted = 40;
constexpr std::size_t kMaxReason = 160;

// Printable ASCII only, at most `limit` characters: a message must stay valid UTF-8 and short
// whatever bytes the input held.
std::string printable(std::string_view s, std::size_t limit = kMaxQuoted) {
  std::string out;
  for (char c : s) {
    if (out.size() == limit) {
      out += "...";
      break;
    }
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u >= 0x20 && u < 0x7f ? c : '?');
  }
  return out;
}

Error fail(JsonError code, const std::string& what) {
  return Error{std::string(toString(code)), "not valid JSON: " + what};
}

// What the pre-scan found: nothing (ok), or the first offending byte (offset from 1).
struct ScanFailure {
  JsonError code;
  std::size_t at;
};

// One linear pass before parsing. Refuses the first bracket that opens level maxDepth + 1
// (strings are skipped so that brackets inside them do not count) and any NUL byte: JSON text
// never holds one (inside a string it must be escaped) and nlohmann would take it for the end of
// the input and ignore everything after it. Other malformed text is left to the parser.
std::optional<ScanFailure> prescan(std::string_view text, std::size_t maxDepth) {
  std::size_t depth = 0;
  bool inString = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\0') return ScanFailure{JsonError::Malformed, i + 1};
    if (inString) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') inString = false;
      continue;
    }
    if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > maxDepth) return ScanFailure{JsonError::TooDeep, i + 1};
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

// Builds the value in place like nlohmann's own DOM parser, with a depth guard, big-integer text
// and the failure kept for the caller instead of thrown.
class Builder {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  explicit Builder(const JsonLimits& limits) : limits_(limits) {}

  bool null() { return put(nullptr) != nullptr; }
  bool boolean(bool v) { return put(v) != nullptr; }
  bool number_integer(number_integer_t v) { return put(v) != nullptr; }
  bool number_unsigned(number_unsigned_t v) { return put(v) != nullptr; }
  bool number_float(number_float_t v, const string_t& raw) {
    const bool integerLiteral = !raw.empty() && raw.find_first_of(".eE") == string_t::npos;
    if (limits_.bigIntegersAsText && integerLiteral) return put(raw) != nullptr;
    return put(v) != nullptr;
  }
  bool string(string_t& v) { return put(std::move(v)) != nullptr; }
  bool binary(binary_t& v) { return put(Json::binary(std::move(v))) != nullptr; }
  bool start_object(std::size_t) { return open(Json::value_t::object); }
  bool key(string_t& k) {
    element_ = &(*stack_.back())[k];
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(Json::value_t::array); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t position, const std::string& lastToken, const nlohmann::detail::exception& e) {
    const std::string at = " at byte " + std::to_string(position);
    if (e.id == kNumberOverflowId) {
      error_ = fail(JsonError::NumberOutOfRange, "the number " + printable(lastToken) + at + " is beyond the range of a double");
      return false;
    }
    // what() is "[json.exception.parse_error.101] parse error at line 1, column 6: <reason>".
    std::string reason = e.what();
    const auto column = reason.find("column ");
    const auto colon = column == std::string::npos ? std::string::npos : reason.find(": ", column);
    if (colon != std::string::npos) reason = reason.substr(colon + 2);
    const std::string_view prefix = "syntax error ";
    if (reason.rfind(prefix, 0) == 0) reason = reason.substr(prefix.size());  // "while parsing ..."
    error_ = fail(JsonError::Malformed, "syntax error" + at + " " + printable(reason, kMaxReason));
    return false;
  }

  Json root;
  std::optional<Error> error_;

 private:
  template <typename V>
  Json* put(V&& v) {
    if (stack_.empty()) {
      root = Json(std::forward<V>(v));
      return &root;
    }
    Json& top = *stack_.back();
    if (top.is_array()) {
      top.emplace_back(std::forward<V>(v));
      return &top.back();
    }
    *element_ = Json(std::forward<V>(v));
    return element_;
  }
  bool open(Json::value_t type) {
    if (stack_.size() >= limits_.maxDepth) {
      error_ = fail(JsonError::TooDeep, "nested deeper than " + std::to_string(limits_.maxDepth) + " levels");
      return false;
    }
    stack_.push_back(put(type));
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }

  const JsonLimits& limits_;
  // The open arrays/objects, outermost first. A pointer stays valid: nothing is added to a
  // container while one of its children is open.
  std::vector<Json*> stack_;
  Json* element_ = nullptr;
};

}  // namespace

std::string_view toString(JsonError code) {
  switch (code) {
    case JsonError::Malformed: return "JSON_MALFORMED";
    case JsonError::TooDeep: return "JSON_TOO_DEEP";
    case JsonError::TooLarge: return "JSON_TOO_LARGE";
    case JsonError::NumberOutOfRange: return "JSON_NUMBER_OUT_OF_RANGE";
  }
  return "JSON_MALFORMED";
}

Result<nlohmann::json> parseJson(std::string_view text, JsonLimits limits) {
  if (text.size() > limits.maxBytes) {
    return fail(JsonError::TooLarge, std::to_string(text.size()) + " bytes, more than the limit of " +
                                         std::to_string(limits.maxBytes));
  }
  if (const auto bad = prescan(text, limits.maxDepth)) {
    const std::string at = " at byte " + std::to_string(bad->at);
    if (bad->code == JsonError::Malformed) return fail(JsonError::Malformed, "a NUL byte" + at);
    return fail(JsonError::TooDeep, "nested deeper than " + std::to_string(limits.maxDepth) + " levels" + at);
  }
  Builder builder(limits);
  bool ok = false;
  try {
    ok = Json::sax_parse(text.begin(), text.end(), &builder, Json::input_format_t::json, /*strict=*/true);
  } catch (const nlohmann::json::exception& e) {
    // The SAX parser reports through parse_error; this only guards against a library change.
    return fail(JsonError::Malformed, printable(e.what()));
  }
  if (!ok) return builder.error_ ? *builder.error_ : fail(JsonError::Malformed, "the text could not be parsed");
  return std::move(builder.root);
}

}  // namespace lezpay::util

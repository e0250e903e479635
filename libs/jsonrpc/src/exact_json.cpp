#include "lezpay/jsonrpc/exact_json.h"

#include <vector>

namespace lezpay::jsonrpc {
namespace {

// A SAX handler that builds a Json value like nlohmann's DOM parser, except that integer
// literals that overflowed into number_float are kept as their exact text.
class ExactBuilder {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  bool null() { return put(Json(nullptr)); }
  bool boolean(bool v) { return put(Json(v)); }
  bool number_integer(number_integer_t v) { return put(Json(v)); }
  bool number_unsigned(number_unsigned_t v) { return put(Json(v)); }
  bool number_float(number_float_t v, const string_t& raw) {
    bool integerLiteral = !raw.empty() && raw.find_first_of(".eE") == string_t::npos;
    return put(integerLiteral ? Json(raw) : Json(v));
  }
  bool string(string_t& v) { return put(Json(std::move(v))); }
  bool binary(binary_t& v) { return put(Json::binary(std::move(v))); }
  bool start_object(std::size_t) {
    stack_.push_back(Json::object());
    keys_.emplace_back();
    return true;
  }
  bool key(string_t& k) {
    keys_.back() = std::move(k);
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t) {
    stack_.push_back(Json::array());
    keys_.emplace_back();
    return true;
  }
  bool end_array() { return close(); }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) {
    errorAt_ = position;
    return false;
  }

  Json result;
  std::size_t errorAt_ = 0;

 private:
  bool put(Json v) {
    if (stack_.empty()) {
      result = std::move(v);
    } else if (stack_.back().is_array()) {
      stack_.back().push_back(std::move(v));
    } else {
      stack_.back()[keys_.back()] = std::move(v);
    }
    return true;
  }
  bool close() {
    Json done = std::move(stack_.back());
    stack_.pop_back();
    keys_.pop_back();
    return put(std::move(done));
  }
  std::vector<Json> stack_;
  std::vector<std::string> keys_;
};

// rawNumber placeholders are binary values with this subtype: JSON text never parses to a binary
// value, so a string from a peer can never be written out as raw text.
constexpr std::uint8_t kRawNumberSubtype = 0x52;

void dumpInto(const Json& v, std::string& out) {
  switch (v.type()) {
    case Json::value_t::object: {
      out.push_back('{');
      bool first = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!first) out.push_back(',');
        first = false;
        out += Json(it.key()).dump();
        out.push_back(':');
        dumpInto(it.value(), out);
      }
      out.push_back('}');
      return;
    }
    case Json::value_t::array: {
      out.push_back('[');
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) out.push_back(',');
        dumpInto(v[i], out);
      }
      out.push_back(']');
      return;
    }
    case Json::value_t::string:
      out += v.dump(-1, ' ', false, Json::error_handler_t::replace);
      return;
    case Json::value_t::binary: {
      const auto& b = v.get_binary();
      if (b.has_subtype() && b.subtype() == kRawNumberSubtype) {
        out.append(b.begin(), b.end());
        return;
      }
      out += v.dump();
      return;
    }
    default:
      out += v.dump();
  }
}

bool allDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

util::Result<Json> parseExact(std::string_view text) {
  ExactBuilder b;
  bool ok = Json::sax_parse(text.begin(), text.end(), &b, Json::input_format_t::json, true);
  if (!ok) return util::Error{"PARSE_ERROR", "not valid JSON (byte " + std::to_string(b.errorAt_) + ")"};
  return std::move(b.result);
}

Json rawNumber(const std::string& digits) {
  const std::string text = allDigits(digits) ? digits : std::string("0");
  return Json::binary(std::vector<std::uint8_t>(text.begin(), text.end()), kRawNumberSubtype);
}

std::string dumpExact(const Json& value) {
  std::string out;
  dumpInto(value, out);
  return out;
}

util::Result<std::string> u128Text(const Json& v) {
  static const std::string kMax = "340282366920938463463374607431768211455";
  if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
  if (v.is_number_integer() && v.get<std::int64_t>() >= 0) return std::to_string(v.get<std::int64_t>());
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (allDigits(s) && (s.size() == 1 || s[0] != '0') &&
        (s.size() < kMax.size() || (s.size() == kMax.size() && s <= kMax))) {
      return s;
    }
  }
  return util::Error{"BAD_NUMBER", "expected an unsigned 128-bit integer, got " + v.dump()};
}

}  // namespace lezpay::jsonrpc

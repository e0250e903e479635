#include "lezpay/jsonrpc/exact_json.h"

#include <vector>

#include "lezpay/util/json_parse.h"

namespace lezpay::jsonrpc {
namespace {

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
  util::JsonLimits limits;
  limits.bigIntegersAsText = true;
  return util::parseJson(text, limits);
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

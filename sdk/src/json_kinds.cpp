#include "json_kinds.h"

#include <cctype>

namespace logos::sdk::detail {

const char* jsonTypeName(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "object";
    case Json::value_t::array: return "array";
    case Json::value_t::string: return "string";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "integer";
    case Json::value_t::number_float: return "decimal number";
    default: return "value";
  }
}

bool isHexDigits(std::string_view s, std::size_t exactDigits) {
  if (s.size() % 2 != 0) return false;
  if (exactDigits != 0 && s.size() != exactDigits) return false;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace logos::sdk::detail

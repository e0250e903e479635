#include "lezpay/lgx/package_path.h"

#include <string>

#include "lezpay/lgx/lgx_error.h"

namespace lezpay::lgx {

util::Status checkPackagePath(std::string_view path, std::size_t maxBytes) {
  auto bad = [&](const std::string& why) {
    std::string shown(path.substr(0, 80));
    for (char& c : shown) {
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '?';
    }
    return lgxError(LgxError::Path, "entry path '" + shown + "' " + why);
  };
  if (path.empty()) return bad("is empty");
  if (path.size() > maxBytes) return bad("is longer than " + std::to_string(maxBytes) + " bytes");
  if (path.front() == '/') return bad("is absolute");
  for (char c : path) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e) return bad("has a byte outside printable ASCII");
    if (c == '\\') return bad("has a backslash");
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = path.find('/', start);
    const std::string_view seg = path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (seg.empty()) return bad("has an empty segment");
    if (seg == "..") return bad("climbs out of the package with '..'");
    if (seg == ".") return bad("has a '.' segment");
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return util::okStatus();
}

}  // namespace lezpay::lgx

#include "lezpay/lgx/content_hashes.h"

#include <algorithm>
#include <cstdint>
#include <vector>
#include <span>

#include "lezpay/util/hex.h"
#include "lezpay/util/sha256.h"

namespace lezpay::lgx {
namespace {

std::string hashHex(const std::string& bytes) {
  const auto d = util::sha256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
  return util::toHex(d);
}

}  // namespace

std::map<std::string, std::string> computeContentHashes(const std::map<std::string, std::string>& files) {
  std::map<std::string, std::string> out;
  // children[dir] = {child name -> child path}; "" is the root.
  std::map<std::string, std::map<std::string, std::string>> children;
  for (const auto& [path, bytes] : files) {
    out[path] = hashHex(bytes);
    std::string child = path;
    while (true) {
      const std::size_t slash = child.rfind('/');
      const std::string parent = slash == std::string::npos ? std::string() : child.substr(0, slash);
      children[parent][slash == std::string::npos ? child : child.substr(slash + 1)] = child;
      if (parent.empty()) break;
      child = parent;
    }
  }
  // Deepest directories first, so every child's hash exists before its parent's.
  std::vector<std::string> dirs;
  for (const auto& [dir, _] : children) dirs.push_back(dir);
  std::sort(dirs.begin(), dirs.end(), [](const std::string& a, const std::string& b) {
    const auto depth = [](const std::string& s) { return s.empty() ? 0 : 1 + std::count(s.begin(), s.end(), '/'); };
    return depth(a) != depth(b) ? depth(a) > depth(b) : a < b;
  });
  for (const auto& dir : dirs) {
    std::string listing;
    for (const auto& [name, path] : children[dir]) listing += name + '\0' + out[path] + '\n';
    out[dir.empty() ? std::string(kRootHashKey) : dir] = hashHex(listing);
  }
  return out;
}

}  // namespace lezpay::lgx

#include "lezpay/lgx/variant.h"

#include "lezpay/lgx/lgx_error.h"

namespace lezpay::lgx {

std::string_view buildPlatform() {
#if defined(__linux__) && (defined(__x86_64__) || defined(_M_X64))
  return "linux-amd64";
#elif defined(__linux__) && defined(__aarch64__)
  return "linux-arm64";
#elif defined(__APPLE__) && defined(__aarch64__)
  return "darwin-arm64";
#elif defined(__APPLE__) && defined(__x86_64__)
  return "darwin-amd64";
#else
  return "unknown";
#endif
}

std::string hostVariant(std::string_view platform, bool devHost) {
  return std::string(platform) + (devHost ? "-dev" : "");
}

util::Result<std::string> selectVariant(const Manifest& m, std::string_view wanted) {
  if (m.main.count(std::string(wanted)) != 0) return std::string(wanted);
  std::string have;
  for (const auto& [v, _] : m.main) have += (have.empty() ? "" : ", ") + v;
  if (have.empty()) have = "none";
  return lgxError(LgxError::Variant, "package '" + m.name + "' has no variant for this host: it needs '" + std::string(wanted) +
                                         "' and the package has " + have);
}

}  // namespace lezpay::lgx

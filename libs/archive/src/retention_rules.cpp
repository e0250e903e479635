#include "retention_rules.h"

#include <limits>

namespace lezpay::archive {

util::Status checkRetention(const Retention& retention) {
  if (retention.max_age_seconds &&
      (*retention.max_age_seconds < 1 || *retention.max_age_seconds > kMaxRetentionAgeSeconds)) {
    return util::makeError(kInvalidConfig, "retention max_age_seconds must be between 1 and " +
                                               std::to_string(kMaxRetentionAgeSeconds));
  }
  if (retention.max_messages &&
      (*retention.max_messages < 1 ||
       *retention.max_messages > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))) {
    return util::makeError(kInvalidConfig, "retention max_messages must be between 1 and 2^63-1");
  }
  return util::okStatus();
}

std::int64_t ageCutoffNs(std::int64_t now_ns, std::int64_t max_age_seconds) {
  const std::int64_t age_ns = max_age_seconds * 1'000'000'000;
  if (now_ns < std::numeric_limits<std::int64_t>::min() + age_ns) return std::numeric_limits<std::int64_t>::min();
  return now_ns - age_ns;
}

}  // namespace lezpay::archive

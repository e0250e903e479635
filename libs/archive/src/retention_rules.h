#pragma once
// Retention arithmetic (waku-store.md §8, docs/decisions.md "libs/archive"). Pure.
//
// By age: rows with timestamp_ns < now_ns - max_age_seconds * 1e9 are deleted (nwaku's
// `time:<seconds>`). By count: the newest max_messages rows in (timestamp_ns, hash) order are kept
// and every older one is deleted, exactly (no hysteresis band as nwaku's `capacity:<n>`: callers
// choose how often to run it).

#include <cstdint>

#include "lezpay/archive/archive.h"

namespace lezpay::archive {

// INVALID_ARCHIVE_CONFIG when max_age_seconds is not in 1..kMaxRetentionAgeSeconds or
// max_messages is not in 1..INT64_MAX (both backends bind it as a signed 64-bit OFFSET).
util::Status checkRetention(const Retention& retention);

// 1e9 * this still fits in int64 (about 292 years).
inline constexpr std::int64_t kMaxRetentionAgeSeconds = 9'223'372'036;

// now_ns - max_age_seconds * 1e9, saturating at INT64_MIN. Precondition: checkRetention passed.
std::int64_t ageCutoffNs(std::int64_t now_ns, std::int64_t max_age_seconds);

}  // namespace lezpay::archive

#include "x402/spend_policy.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "lezpay/util/base58.h"
#include "lezpay/util/hex.h"
#include "lezpay/util/utf8.h"
#include "x402/mcp_payment.h"

namespace x402 {
namespace {

using lezpay::util::U128;
using lezpay::util::Error;

Error err(SpendError code, std::string message) { return Error{std::string(toString(code)), std::move(message)}; }

// A payee is a 32-byte account id, as base58 (its canonical text) or 64 hex digits (optional 0x);
// the answer is the base58 form.
std::optional<std::string> canonicalPayee(std::string_view text) {
  if (auto b58 = lezpay::util::base58Decode(text); b58.ok() && b58.value().size() == 32) {
    return lezpay::util::base58Encode(b58.value());
  }
  if (auto hex = lezpay::util::fromHexExact(text, 32); hex.ok()) return lezpay::util::base58Encode(hex.value());
  return std::nullopt;
}

bool contains(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

bool hasControl(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

}  // namespace

lezpay::util::Status validatePolicy(const SpendPolicy& p) {
  if (p.min_reason_chars > p.max_reason_chars) return err(SpendError::InvalidRequest, "min_reason_chars is above max_reason_chars");
  if (p.max_reason_chars > kMaxReasonCharsLimit) {
    return err(SpendError::InvalidRequest, "max_reason_chars may be at most " + std::to_string(kMaxReasonCharsLimit));
  }
  if (p.approval_window_seconds <= 0) return err(SpendError::InvalidRequest, "approval_window_seconds must be > 0");
  if (p.credential_lifetime_seconds <= 0) return err(SpendError::InvalidRequest, "credential_lifetime_seconds must be > 0");
  if (p.approval_window_seconds > kMaxLifetimeSeconds || p.credential_lifetime_seconds > kMaxLifetimeSeconds) {
    return err(SpendError::InvalidRequest, "approval_window_seconds and credential_lifetime_seconds may be at most 604800 (7 days)");
  }
  if (p.allowed_networks.empty()) return err(SpendError::InvalidRequest, "allowed_networks must not be empty");
  if (p.allowed_assets.empty()) return err(SpendError::InvalidRequest, "allowed_assets must not be empty");
  return lezpay::util::okStatus();
}

std::size_t utf8Length(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

lezpay::util::Result<std::string> sanitizeReason(std::string_view reason) {
  std::string out;
  out.reserve(reason.size());
  std::size_t i = 0;
  while (i < reason.size()) {
    const std::size_t start = i;
    const auto decoded = lezpay::util::decodeUtf8At(reason, i);
    if (!decoded) {
      return err(SpendError::InvalidRequest, "reason is not valid UTF-8 (byte " + std::to_string(start) + ")");
    }
    const char32_t cp = decoded->value;
    i += decoded->length;
    const bool c0 = cp < 0x20 || cp == 0x7F;
    const bool c1 = cp >= 0x80 && cp <= 0x9F;
    if (c0 || c1) {
      // Line breaks and tabs separate words: keep one space so that stripping them does not glue
      // words together; every other control character is dropped.
      if ((cp == '\n' || cp == '\r' || cp == '\t' || cp == '\v' || cp == '\f') && !out.empty() && out.back() != ' ') {
        out.push_back(' ');
      }
      continue;
    }
    out.append(reason.substr(start, i - start));
  }
  const auto notSpace = [](unsigned char c) { return c != ' '; };
  const auto first = std::find_if(out.begin(), out.end(), notSpace);
  const auto last = std::find_if(out.rbegin(), out.rend(), notSpace).base();
  return first < last ? std::string(first, last) : std::string();
}

lezpay::util::Result<std::string> urlOrigin(std::string_view url) {
  std::string scheme;
  std::string_view rest;
  if (url.size() > 7 && std::equal(url.begin(), url.begin() + 7, "http://", [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; })) {
    scheme = "http";
    rest = url.substr(7);
  } else if (url.size() > 8 && std::equal(url.begin(), url.begin() + 8, "https://", [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; })) {
    scheme = "https";
    rest = url.substr(8);
  } else {
    return err(SpendError::InvalidRequest, "'" + std::string(url.substr(0, 80)) + "' is not an http:// or https:// URL");
  }
  if (url.size() > kMaxUrlBytes) return err(SpendError::InvalidRequest, "URL longer than " + std::to_string(kMaxUrlBytes) + " bytes");
  if (hasControl(url) || url.find(' ') != std::string_view::npos) return err(SpendError::InvalidRequest, "URL contains spaces or control characters");
  const auto end = rest.find_first_of("/?#");
  std::string authority(rest.substr(0, end));
  if (authority.empty()) return err(SpendError::InvalidRequest, "URL has no host");
  if (authority.find('@') != std::string::npos) return err(SpendError::InvalidRequest, "URL must not carry user information");
  std::transform(authority.begin(), authority.end(), authority.begin(), [](unsigned char c) { return std::tolower(c); });
  std::string host = authority;
  std::string port;
  const auto close = authority.rfind(']');
  const auto colon = authority.rfind(':');
  if (colon != std::string::npos && (close == std::string::npos || colon > close)) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); }) ||
        std::stoul(port) == 0 || std::stoul(port) > 65535) {
      return err(SpendError::InvalidRequest, "URL port '" + port + "' is not a port number");
    }
    port = std::to_string(std::stoul(port));
  }
  if (host.empty()) return err(SpendError::InvalidRequest, "URL has no host");
  if (port.empty()) port = scheme == "https" ? "443" : "80";
  return scheme + "://" + host + ":" + port;
}

lezpay::util::Result<SpendRequest> checkNewRequest(const SpendRequestDraft& d, const SpendPolicy& policy) {
  SpendRequest r;
  if (d.merchant_name.empty()) return err(SpendError::InvalidRequest, "merchant_name is required");
  if (d.merchant_name.size() > kMaxMerchantNameBytes || hasControl(d.merchant_name)) {
    return err(SpendError::InvalidRequest, "merchant_name must be at most " + std::to_string(kMaxMerchantNameBytes) +
                                               " bytes without control characters");
  }
  if (auto clean = sanitizeReason(d.merchant_name); !clean.ok() || clean.value() != d.merchant_name) {
    return err(SpendError::InvalidRequest, "merchant_name must be valid UTF-8 without surrounding spaces");
  }
  auto origin = urlOrigin(d.merchant_url);
  if (!origin.ok()) return err(SpendError::InvalidRequest, "merchant_url: " + origin.error().message);
  if (!d.resource_url.empty() && !isMcpToolResource(d.resource_url)) {
    auto ro = urlOrigin(d.resource_url);
    if (!ro.ok()) return err(SpendError::InvalidRequest, "resource_url: " + ro.error().message + " (or mcp://tool/<name>)");
  }
  const auto payTo = canonicalPayee(d.pay_to);
  if (!payTo) return err(SpendError::InvalidRequest, "pay_to '" + d.pay_to.substr(0, 80) + "' is neither a base58 nor a 64-hex account id");
  auto amount = U128::parseDecimal(d.amount);
  if (!amount.ok()) return err(SpendError::InvalidRequest, "amount '" + d.amount.substr(0, 60) + "' is not a decimal u128");
  if (amount->isZero()) return err(SpendError::AmountZero, "amount must be greater than zero");
  if (!contains(policy.allowed_networks, d.network)) {
    return err(SpendError::UnsupportedNetwork, "network '" + d.network.substr(0, 80) + "' is not allowed by the owner's policy");
  }
  if (!contains(policy.allowed_assets, d.asset)) {
    return err(SpendError::UnsupportedAsset, "asset '" + d.asset.substr(0, 80) + "' is not allowed by the owner's policy");
  }
  auto reason = sanitizeReason(d.reason);
  if (!reason.ok()) return reason.error();
  const std::size_t chars = utf8Length(reason.value());
  if (chars < policy.min_reason_chars) {
    return err(SpendError::ReasonTooShort, "reason has " + std::to_string(chars) + " characters after stripping control characters; at least " +
                                               std::to_string(policy.min_reason_chars) + " are required to say what is bought and why");
  }
  if (chars > policy.max_reason_chars) {
    return err(SpendError::ReasonTooLong, "reason has " + std::to_string(chars) + " characters; at most " +
                                              std::to_string(policy.max_reason_chars) + " are allowed");
  }
  if (amount.value() > policy.per_request_cap) {
    return err(SpendError::PerRequestCapExceeded, "amount " + amount->toDecimal() + " is above the per-request cap of " +
                                                      policy.per_request_cap.toDecimal());
  }
  r.merchant_name = d.merchant_name;
  r.merchant_url = d.merchant_url;
  r.pay_to = *payTo;
  r.amount = amount.value();
  r.asset = d.asset;
  r.network = d.network;
  r.reason = reason.value();
  r.resource_url = d.resource_url;
  r.max_timeout_seconds = d.max_timeout_seconds;
  return r;
}

U128 committedSpend(std::span<const SpendRequest> requests, std::span<const DirectSpend> direct, std::int64_t now,
                    std::int64_t window, std::string_view excludeId) {
  U128 sum;
  const auto add = [&sum](const U128& v) { sum = sum.checkedAdd(v).value_or(U128::max()); };
  const auto inWindow = [&](std::int64_t at) { return at > now - window && at <= now; };
  for (const auto& r : requests) {
    if (r.id == excludeId) continue;
    // A credential that was sent may have moved money even if its outcome was never recorded;
    // one whose receipt could not be confirmed is still outstanding (the merchant holds it).
    const bool outstanding = r.status == SpendStatus::Failed && r.status_details.rfind(kSettlementUnconfirmed, 0) == 0;
    const bool counts = r.status == SpendStatus::Approved || r.status == SpendStatus::Succeeded || outstanding ||
                        (r.payment_attempted_at != 0 && r.status != SpendStatus::Failed);
    if (counts && inWindow(r.decided_at)) add(r.amount);
  }
  for (const auto& d : direct) {
    if (inWindow(d.at)) add(d.amount);
  }
  return sum;
}

lezpay::util::Status checkCaps(const U128& amount, std::span<const SpendRequest> requests, std::span<const DirectSpend> direct,
                               const SpendPolicy& policy, std::int64_t now, std::string_view excludeId) {
  if (amount > policy.per_request_cap) {
    return err(SpendError::PerRequestCapExceeded, "amount " + amount.toDecimal() + " is above the per-request cap of " +
                                                      policy.per_request_cap.toDecimal());
  }
  const U128 day = committedSpend(requests, direct, now, kDaySeconds, excludeId);
  const auto dayTotal = day.checkedAdd(amount);
  if (!dayTotal || *dayTotal > policy.daily_cap) {
    return err(SpendError::DailyCapExceeded, "amount " + amount.toDecimal() + " on top of " + day.toDecimal() +
                                                 " approved or spent in the last 24 hours is above the daily cap of " +
                                                 policy.daily_cap.toDecimal());
  }
  const U128 month = committedSpend(requests, direct, now, kThirtyDaysSeconds, excludeId);
  const auto monthTotal = month.checkedAdd(amount);
  if (!monthTotal || *monthTotal > policy.monthly_cap) {
    return err(SpendError::MonthlyCapExceeded, "amount " + amount.toDecimal() + " on top of " + month.toDecimal() +
                                                   " approved or spent in the last 30 days is above the 30-day cap of " +
                                                   policy.monthly_cap.toDecimal());
  }
  return lezpay::util::okStatus();
}

bool isMcpToolResource(std::string_view url) {
  if (url.substr(0, kMcpToolUrlPrefix.size()) != kMcpToolUrlPrefix) return false;
  const std::string_view name = url.substr(kMcpToolUrlPrefix.size());
  return !name.empty() && name.size() <= 128 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  });
}

}  // namespace x402

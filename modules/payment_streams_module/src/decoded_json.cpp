#include "decoded_json.h"

#include "lez/streams/fold.h"
#include "lezpay/util/hex.h"

namespace payment_streams {

using lez::streams::StreamState;

std::string_view stateName(StreamState s) {
  switch (s) {
    case StreamState::Active: return "Active";
    case StreamState::Paused: return "Paused";
    case StreamState::Closed: return "Closed";
  }
  return "Unknown";
}

void putAmount(Json& out, const std::string& key, const U128& v) {
  out[key] = v.toDecimal();
  out[key + "_lo"] = v.lo();
  out[key + "_hi"] = v.hi();
}

Json vaultConfigJson(const lez::streams::VaultConfig& c) {
  Json j{{"version", c.version}, {"owner", c.owner.toBase58()}, {"vault_id", c.vaultId}, {"next_stream_id", c.nextStreamId},
         {"privacy_tier", static_cast<int>(c.privacyTier)}, {"token_id", lezpay::util::toHex(c.tokenId)}};
  putAmount(j, "total_allocated", c.totalAllocated);
  return j;
}

Json streamConfigJson(const lez::streams::StreamConfig& s) {
  Json j{{"version", s.version}, {"stream_id", s.streamId}, {"provider", s.provider.toBase58()}, {"rate", s.rate},
         {"state", std::string(stateName(s.state))}, {"state_code", static_cast<int>(s.state)}, {"accrued_as_of", s.accruedAsOf}};
  putAmount(j, "allocation", s.allocation);
  putAmount(j, "accrued", s.accrued);
  return j;
}

Json clockJson(const lez::core::ClockAccountData& c) {
  return Json{{"block_id", c.blockId}, {"timestamp", c.timestamp}, {"fold_seconds", lez::streams::foldSeconds(c.timestamp)}};
}

}  // namespace payment_streams

#pragma once
// JSON views of decoded payment-streams accounts in operation answers: amounts as decimal
// strings plus u64 `_lo`/`_hi` halves (payment-streams.md §8), account ids in base58.

#include <string>
#include <string_view>

#include "lez/core/clock_data.h"
#include "lez/streams/accounts.h"
#include "module_types.h"

namespace payment_streams {

Json vaultConfigJson(const lez::streams::VaultConfig& c);
Json streamConfigJson(const lez::streams::StreamConfig& s);
Json clockJson(const lez::core::ClockAccountData& c);
std::string_view stateName(lez::streams::StreamState s);
// Adds key, key_lo and key_hi for a u128.
void putAmount(Json& out, const std::string& key, const U128& v);

}  // namespace payment_streams

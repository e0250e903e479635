#pragma once
// The folded status of one stream at the configured clock (payment-streams.md §8
// getStreamStatus): StreamConfig and clock read through the wallet, folded off-chain with
// lez::streams::foldStoredStream. Answers an ok envelope with as_of, state, accrued, unaccrued
// and depletion, or STREAM_NOT_FOUND / CHAIN_READ_FAILED / INVALID_ACCOUNT_DATA.

#include "module_services.h"

namespace payment_streams {

void readStreamStatus(ModuleServices& s, const AccountId& owner, lez::streams::VaultId vaultId, lez::streams::StreamId streamId,
                      Answer done);

}  // namespace payment_streams

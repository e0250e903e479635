#pragma once
// Stream writes of payment_streams_module (payment-streams.md §8): createStream, pauseStream,
// resumeStream, topUpStream, closeStream (owner or provider) and claim. Each is one transaction
// through the write pipeline (write_pipeline.h) with its own pre-state check and read-back.

#include <optional>

#include "module_services.h"

namespace payment_streams {

void registerStreamOperations(ModuleServices& s);

// CreateStream with read-back, waiting for inclusion; remembers the stream in the inventory
// (origin "created"). Used by createStream and by the eligibility handshake.
void createStream(ModuleServices& s, const AccountId& owner, lez::streams::VaultId vaultId, std::optional<lez::streams::StreamId> streamId,
                  const AccountId& provider, std::uint64_t rate, const U128& allocation, bool wait, Answer done);

// Claim by the provider (its key signs) and owner top-up, with the same checks and read-back as the
// operations of those names; used by the autopilot (autopilot.h).
void claimStream(ModuleServices& s, const AccountId& owner, const AccountId& provider, lez::streams::VaultId vaultId,
                 lez::streams::StreamId streamId, bool wait, Answer done);
void topUpStreamBy(ModuleServices& s, const AccountId& owner, lez::streams::VaultId vaultId, lez::streams::StreamId streamId,
                   const U128& increase, bool wait, Answer done);

}  // namespace payment_streams

#include "stream_status.h"

#include "decoded_json.h"
#include "lez/streams/fold.h"
#include "lez/streams/pdas.h"
#include "logos/envelope.h"

namespace payment_streams {
namespace ls = lez::streams;

void readStreamStatus(ModuleServices& s, const AccountId& owner, ls::VaultId vaultId, ls::StreamId streamId, Answer done) {
  if (!s.running()) return done(stopped());
  const ModuleConfig cfg = s.config();
  const ChainReader chain = s.chain();
  chain.stream(cfg.program, owner, vaultId, streamId, [=](Result<std::optional<ls::StreamConfig>> stream) {
    if (!stream.ok()) return done(errorJson(stream.error()));
    if (!stream.value()) {
      return done(errorJson(kStreamNotFound, "no stream " + std::to_string(streamId) + " in vault " + std::to_string(vaultId) + " of " +
                                                 owner.toBase58()));
    }
    const ls::StreamConfig stored = *stream.value();
    chain.clock(cfg.clock, [=](Result<lez::core::ClockAccountData> clock) {
      if (!clock.ok()) return done(errorJson(clock.error()));
      auto folded = ls::foldStoredStream(stored, clock.value());
      if (!folded.ok()) return done(errorJson(folded.error()));
      const ls::StreamConfig& f = folded->stream;
      Json out{{"owner", owner.toBase58()}, {"vault_id", vaultId}, {"stream_id", streamId}, {"provider", f.provider.toBase58()},
               {"rate", f.rate}, {"stored", streamConfigJson(stored)}, {"as_of", folded->asOf},
               {"clock", clockJson(clock.value())}, {"stream_state", std::string(stateName(f.state))}};
      putAmount(out, "allocation", f.allocation);
      putAmount(out, "accrued", folded->accrued);
      putAmount(out, "unaccrued", folded->unaccrued);
      const bool depleted = f.state != ls::StreamState::Closed && folded->unaccrued.isZero() && !f.allocation.isZero();
      out["depleted"] = depleted;
      if (depleted) out["depleted_at"] = f.accruedAsOf;
      out["stream_account"] = ls::streamConfigId(cfg.program, ls::vaultConfigId(cfg.program, owner, vaultId), streamId).toBase58();
      done(logos::okEnvelope(out));
    });
  });
}

}  // namespace payment_streams

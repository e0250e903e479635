#include "inventory_operations.h"

#include <memory>

#include "decoded_json.h"
#include "logos/envelope.h"
#include "operation_params.h"
#include "result_shapes.h"
#include "sequential_loop.h"
#include "stream_status.h"

namespace payment_streams {
namespace {

using logos::ParamType;
using logos::sdk::Args;
using lez::stream_eligibility::VaultView;
using lez::streams::StreamConfig;
using lez::streams::StreamId;
using lez::streams::VaultId;

const logos::ParamSpec kOwnerOrTermsParam{"owner", ParamType::Account, false, nullptr,
                                          "vault owner (default: the configured user terms' owner)"};

Result<AccountId> ownerOrTerms(const ModuleServices& s, const Args& a) {
  if (a.has("owner")) return accountOf(a, "owner");
  if (s.state->terms) return s.state->terms->owner;
  return Error{kInvalidArgs, "give owner, or configure user terms (configureUserTerms)"};
}

logos::OperationSpec listMyStreamsSpec() {
  return shapes::shaped({"listMyStreams", "The streams this module knows for a vault (local inventory) with their folded status.",
          {kVaultParam, kOwnerOrTermsParam}, Json{{"streams", Json::array()}}, Json{{"vault_id", 0}}},
                        Json{{"owner", "base58"}, {"vault_id", "u64"}, {"streams", "array"}});
}

void listMyStreams(ModuleServices& s, const Args& a, Answer done) {
  auto owner = ownerOrTerms(s, a);
  if (!owner.ok()) return done(errorJson(owner.error()));
  const VaultId vaultId = a.u64("vault_id");
  auto entries = std::make_shared<std::vector<InventoryEntry>>();
  for (const auto& e : s.state->inventory) {
    if (e.owner == owner.value() && e.vaultId == vaultId) entries->push_back(e);
  }
  auto list = std::make_shared<Json>(Json::array());
  const AccountId o = owner.value();
  runSequentially(
      entries->size(),
      [&s, entries, list](std::uint64_t i, std::function<void(bool)> next) {
        const InventoryEntry e = (*entries)[i];
        readStreamStatus(s, e.owner, e.vaultId, e.streamId, [e, list, next](Json st) {
          Json item = toJson(e);
          if (logos::isOk(st)) {
            st.erase("status");
            item["chain"] = st;
          } else {
            item["chain_error"] = st;
          }
          list->push_back(item);
          next(true);
        });
      },
      [o, vaultId, list, done](bool) { done(logos::okEnvelope(Json{{"owner", o.toBase58()}, {"vault_id", vaultId}, {"streams", *list}})); });
}

logos::OperationSpec rediscoverStreamsSpec() {
  return shapes::shaped({"rediscoverStreams", "Scans stream ids 0..next_stream_id-1 of a vault on chain and adds them to the inventory.",
          {kVaultParam, kOwnerOrTermsParam}, Json{{"streams", Json::array()}, {"discovered_count", 0}}, Json{{"vault_id", 0}}},
                        Json{{"owner", "base58"}, {"vault_id", "u64"}, {"streams", "array"}, {"discovered_count", "u64"}});
}

void rediscoverStreams(ModuleServices& s, const Args& a, Answer done) {
  auto owner = ownerOrTerms(s, a);
  if (!owner.ok()) return done(errorJson(owner.error()));
  const VaultId vaultId = a.u64("vault_id");
  const AccountId o = owner.value();
  s.chain().vault(s.config().program, o, vaultId, [&s, o, vaultId, done](Result<VaultView> vault) {
    if (!vault.ok()) return done(errorJson(vault.error()));
    if (!vault->config) return done(errorJson(kVaultNotFound, "no vault " + std::to_string(vaultId) + " of " + o.toBase58()));
    auto found = std::make_shared<std::vector<std::pair<StreamId, StreamConfig>>>();
    auto failure = std::make_shared<std::optional<Error>>();
    const ChainReader chain = s.chain();
    const auto program = s.config().program;
    auto scan = [chain, program, o, vaultId, found, failure](std::uint64_t id, std::function<void(bool)> next) {
      chain.stream(program, o, vaultId, id, [id, found, failure, next](Result<std::optional<StreamConfig>> stream) {
        if (!stream.ok()) {
          *failure = stream.error();
          return next(false);
        }
        if (stream.value()) found->emplace_back(id, *stream.value());
        next(true);
      });
    };
    runSequentially(vault->config->nextStreamId, scan, [&s, o, vaultId, found, failure, done](bool) {
      if (*failure) return done(errorJson(**failure));
      if (!s.state) return done(errorJson(kStateWriteFailed, "the module stopped before the inventory was updated"));
      const std::size_t known = s.state->inventory.size();
      Json list = Json::array();
      for (const auto& [id, stream] : *found) {
        s.state->remember(InventoryEntry{o, vaultId, id, stream.provider, "", "", "rediscovered"});
        list.push_back(streamConfigJson(stream));
      }
      const std::size_t discovered = s.state->inventory.size() - known;
      if (auto saved = s.state->save(); !saved.ok()) return done(errorJson(saved.error()));
      done(logos::okEnvelope(Json{{"owner", o.toBase58()}, {"vault_id", vaultId}, {"streams", list}, {"discovered_count", discovered}}));
    });
  });
}

}  // namespace

void registerInventoryOperations(ModuleServices& s) {
  s.addOperation(listMyStreamsSpec(), listMyStreams);
  s.addOperation(rediscoverStreamsSpec(), rediscoverStreams);
}

}  // namespace payment_streams

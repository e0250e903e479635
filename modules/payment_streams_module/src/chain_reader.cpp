#include "chain_reader.h"

#include "lez/core/risc0_words.h"
#include "lez/streams/pdas.h"
#include "lezpay/util/hex.h"
#include "logos/envelope.h"
#include "logos/wallet_answers.h"

namespace payment_streams {
namespace {

Error readFailed(const std::string& what, const Json& answer) {
  std::string message = answer.is_object() ? answer.value("message", answer.value("error", std::string())) : std::string();
  std::string code = answer.is_object() ? answer.value("code", std::string()) : std::string();
  return Error{kChainReadFailed, what + " failed" + (code.empty() ? "" : " (" + code + ")") + (message.empty() ? "" : ": " + message)};
}

}  // namespace

bool AccountSnapshot::isDefault() const {
  return data.empty() && balance.isZero() && nonce.isZero() && programOwnerHex == std::string(64, '0');
}

void ChainReader::walletCall(const std::string& operation, const Json& params, int timeoutMs, logos::CallCallback done) const {
  call_(operation, params, timeoutMs, std::move(done));
}

void ChainReader::blockHeight(Then<std::uint64_t> then) const {
  call_("get_current_block_height", Json::object(), timeoutMs_, [then = std::move(then)](const Json& a) {
    if (!logos::isOk(a)) return then(readFailed("reading the block height", a));
    auto it = a.find("block_height");
    if (it == a.end() || !it->is_number_unsigned()) return then(Error{kChainReadFailed, "the wallet answered no block_height"});
    then(it->get<std::uint64_t>());
  });
}

ChainReader ChainReader::atHeight(std::shared_ptr<AccountCache> cache, std::uint64_t height) const {
  ChainReader r = *this;
  r.cache_ = std::move(cache);
  r.height_ = height;
  return r;
}

void ChainReader::account(const AccountId& id, Then<AccountSnapshot> then) const {
  if (cache_) {
    if (auto held = cache_->find(height_, id)) return then(std::move(*held));
  }
  call_("get_account_public", Json{{"account_id", id.toHex()}}, timeoutMs_,
        [id, cache = cache_, height = height_, then = std::move(then)](const Json& a) {
    if (!logos::isOk(a)) return then(readFailed("reading account " + id.toBase58(), a));
    auto parsed = logos::wallet_answers::parseAccount(a);
    if (!parsed.ok()) return then(Error{kChainReadFailed, parsed.error().message});
    AccountSnapshot s;
    s.programOwnerHex = lezpay::util::toHex(parsed->programOwner);
    s.balance = parsed->balance;
    s.nonce = parsed->nonce;
    s.data = std::move(parsed->data);
    if (cache) cache->store(height, id, s);
    then(std::move(s));
  });
}

void ChainReader::clock(const AccountId& clockId, Then<lez::core::ClockAccountData> then) const {
  account(clockId, [clockId, then = std::move(then)](Result<AccountSnapshot> a) {
    if (!a.ok()) return then(a.error());
    auto c = lez::core::decodeClockAccountData(a->data);
    if (!c.ok()) return then(Error{kInvalidAccountData, "clock account " + clockId.toBase58() + ": " + c.error().message});
    then(c.value());
  });
}

Result<std::optional<lez::streams::VaultConfig>> vaultConfigOf(const AccountSnapshot& a) {
  if (a.data.empty()) return std::optional<lez::streams::VaultConfig>{};
  auto c = lez::streams::decodeVaultConfig(a.data);
  if (!c.ok()) return Error{kInvalidAccountData, "VaultConfig: " + c.error().message};
  return std::optional<lez::streams::VaultConfig>{c.value()};
}

Result<std::optional<lez::streams::StreamConfig>> streamConfigOf(const AccountSnapshot& a) {
  if (a.data.empty()) return std::optional<lez::streams::StreamConfig>{};
  auto c = lez::streams::decodeStreamConfig(a.data);
  if (!c.ok()) return Error{kInvalidAccountData, "StreamConfig: " + c.error().message};
  return std::optional<lez::streams::StreamConfig>{c.value()};
}

void ChainReader::vault(const lez::core::ProgramId& program, const AccountId& owner, lez::streams::VaultId vaultId,
                        Then<lez::stream_eligibility::VaultView> then) const {
  const auto pdas = lez::streams::vaultPdas(program, owner, vaultId);
  ChainReader self = *this;
  account(pdas.config, [self, holdingId = pdas.holding, then = std::move(then)](Result<AccountSnapshot> cfg) {
    if (!cfg.ok()) return then(cfg.error());
    auto decoded = vaultConfigOf(cfg.value());
    if (!decoded.ok()) return then(decoded.error());
    lez::stream_eligibility::VaultView view;
    view.config = decoded.value();
    if (!view.config) return then(view);
    self.account(holdingId, [view, then](Result<AccountSnapshot> holding) mutable {
      if (!holding.ok()) return then(holding.error());
      view.holdingBalance = holding->balance;
      then(view);
    });
  });
}

void ChainReader::stream(const lez::core::ProgramId& program, const AccountId& owner, lez::streams::VaultId vaultId,
                         lez::streams::StreamId streamId, Then<std::optional<lez::streams::StreamConfig>> then) const {
  const auto cfg = lez::streams::vaultConfigId(program, owner, vaultId);
  account(lez::streams::streamConfigId(program, cfg, streamId), [then = std::move(then)](Result<AccountSnapshot> a) {
    if (!a.ok()) return then(a.error());
    then(streamConfigOf(a.value()));
  });
}

Json transactionPayload(const lez::streams::InstructionAccounts& accounts, const lez::streams::Instruction& instruction,
                        const lez::core::ProgramId& program) {
  Json ids = Json::array();
  Json signers = Json::array();
  for (std::size_t i = 0; i < accounts.ids.size(); ++i) {
    ids.push_back(accounts.ids[i].toHex());
    signers.push_back(static_cast<bool>(accounts.signers[i]));
  }
  return Json{{"account_ids", ids},
              {"signing_requirements", signers},
              {"instruction_hex", lezpay::util::toHex(lez::core::wordsToLeBytes(lez::streams::encodeWords(instruction)))},
              {"program_id_hex", program.toHex()}};
}

}  // namespace payment_streams

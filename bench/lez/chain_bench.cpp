// Benchmark: signed authenticated_transfer transactions per second that the sequencer's
// pipeline validates and executes (signature check, nonce, execution, rules, claims, diff), next
// to raw BIP-340 verifications per second in the same run (the ceiling). Prints both and their
// ratio. Usage: bench_lez_chain [N=20000]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "lez/chain/block_producer.h"
#include "lez/chain/native_programs.h"
#include "lez/core/clock_data.h"
#include "lez/core/hashing.h"
#include "lez/core/transaction_codec.h"
#include "lez/core/transaction_builder.h"

using namespace lez;

namespace {
class MemoryState : public chain::StateReader {
 public:
  core::Account account(const core::AccountId& id) const override {
    auto it = accounts.find(id);
    return it == accounts.end() ? core::Account{} : it->second;
  }
  std::map<core::AccountId, core::Account> accounts;
};
double seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::max(100, std::atoi(argv[1])) : 20000;
  const int senders = 100;
  std::vector<core::SecretKey> keys;
  MemoryState state;
  for (int i = 0; i < senders; ++i) {
    keys.push_back(core::SecretKey::generate().value());
    core::Account a;
    a.programOwner = chain::kAuthenticatedTransferId;
    a.balance = core::U128(1'000'000'000);
    state.accounts[core::publicAccountId(keys.back().publicKey())] = a;
  }
  const core::AccountId sink = core::publicAccountId(keys[0].publicKey());
  std::vector<core::PublicTransaction> txs;
  std::vector<std::uint64_t> nonces(senders, 0);
  for (int i = 0; i < n; ++i) {
    const int s = 1 + i % (senders - 1);
    const core::SecretKey* k = &keys[static_cast<std::size_t>(s)];
    txs.push_back(core::buildPublicTransaction(chain::kAuthenticatedTransferId,
                                               {core::publicAccountId(k->publicKey()), sink},
                                               {core::U128(nonces[static_cast<std::size_t>(s)]++)},
                                               core::atTransferInstruction(core::U128(1)), std::span(k, 1))
                      .value());
  }
  chain::ProgramRegistry programs;
  programs.add(chain::makeAuthenticatedTransfer());
  programs.add(chain::makeClockProgram());

  // 1. Raw BIP-340 verification of the same witnesses.
  auto t0 = std::chrono::steady_clock::now();
  int ok = 0;
  for (const auto& tx : txs) {
    const auto digest = core::messageDigest(tx.message);
    ok += core::verify(tx.witnessSet.witnesses[0].signature, digest, tx.witnessSet.witnesses[0].publicKey) ? 1 : 0;
  }
  const double verifySeconds = seconds(t0);
  if (ok != n) return std::fprintf(stderr, "bench: a signature did not verify\n"), 1;

  // 2. The pipeline: each transaction validated and executed against the state with all
  // earlier ones applied (as within and across blocks).
  chain::ExecutionContext ctx;
  ctx.blockId = 2;
  ctx.systemAccounts = {core::kClockAccountIds.begin(), core::kClockAccountIds.end()};
  t0 = std::chrono::steady_clock::now();
  int executed = 0;
  for (const auto& tx : txs) {
    auto r = chain::executeUserTransaction(tx, state, programs, ctx);
    if (auto* d = std::get_if<chain::StateDiff>(&r)) {
      for (const auto& [id, a] : d->writes) state.accounts[id] = a;
      ++executed;
    }
  }
  const double execSeconds = seconds(t0);
  if (executed != n) return std::fprintf(stderr, "bench: %d of %d transactions failed\n", n - executed, n), 1;
  const double verifyRate = n / verifySeconds, execRate = n / execSeconds;
  std::printf("raw BIP-340 verifications: %d in %.3f s = %.0f/s\n", n, verifySeconds, verifyRate);
  std::printf("signed transfers validated+executed: %d in %.3f s = %.0f/s\n", n, execSeconds, execRate);
  std::printf("pipeline / verification ratio: %.2f\n", execRate / verifyRate);
  return 0;
}

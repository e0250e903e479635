// Benchmark: provider-side stream-proof verifications per second and their p50/p99 latency with
// warm state, next to raw BIP-340 verifications per second in the same run.
//
// What is measured (in process, no chain and no host): lez::stream_eligibility's proof arm as
// payment_streams_module runs it: N8 read for the request id, SHA256(N8), session lookup by
// signature among the candidate sessions, precheck (replay, provider, service, binding), the
// stream folded to a cached clock value and checked, and the commit into the replay window.
// The chain reads the module adds (StreamConfig and clock through wallet_module, two JSON-RPC
// round trips) are not included. The durable replay record it adds per accepted proof is
// measured separately: the module's ReplayStore (SQLite WAL, synchronous=NORMAL, one row per
// served id for the session's life) in a session that already holds FILL records, its lookup,
// and the rejected alternative, an atomic rewrite of a 1024-id JSON window (fsync each time).
//
// Usage: bench_streams_verify [N=20000] [SESSIONS=100] [FILL=100000]
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "eligibility/signed_payloads.h"
#include "lez/core/schnorr.h"
#include "lez/stream_eligibility/canonical_request_reader.h"
#include "lez/stream_eligibility/provider_checks.h"
#include "lezpay/fileio/atomic_file.h"
#include "replay_store.h"
#include "waku/canonical_request.h"

namespace se = lez::stream_eligibility;
namespace ls = lez::streams;
using Clock = std::chrono::steady_clock;

namespace {

double micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

void report(const char* name, std::vector<double>& lat, double totalSeconds) {
  std::sort(lat.begin(), lat.end());
  const auto at = [&](double q) { return lat[std::min(lat.size() - 1, static_cast<std::size_t>(q * static_cast<double>(lat.size())))]; };
  std::printf("%-44s %10.0f /s   p50 %7.1f us   p99 %7.1f us\n", name, static_cast<double>(lat.size()) / totalSeconds, at(0.50), at(0.99));
}

long rssKiB() {
  struct rusage u {};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::max(100, std::atoi(argv[1])) : 20000;
  const int sessionsCount = argc > 2 ? std::max(1, std::atoi(argv[2])) : 100;
  const int fill = argc > 3 ? std::max(0, std::atoi(argv[3])) : 100000;
  const ls::Timestamp now = 1'700'000'000;

  auto providerKey = lez::core::SecretKey::generate().value();
  auto ownerKey = lez::core::SecretKey::generate().value();
  se::ProviderPolicy policy;
  policy.provider = lez::core::publicAccountId(providerKey.publicKey());
  policy.replayWindow = 1024;
  policy.maxSessions = static_cast<std::size_t>(sessionsCount);

  // Warm state: `sessionsCount` sessions, each bound to its own stream after one proof.
  se::SessionBook book(policy.maxSessions);
  std::vector<lez::core::SecretKey> sessionKeys;
  std::vector<ls::StreamConfig> streams;
  for (int i = 0; i < sessionsCount; ++i) {
    sessionKeys.push_back(lez::core::SecretKey::generate().value());
    se::ProviderSession s;
    s.sessionKey = sessionKeys.back().publicKey().bytes();
    s.params = {std::string(se::kStoreQueryServiceId), 10, 1'000'000, now + 100};
    s.providerId = policy.provider;
    s.ownerPublicKey = ownerKey.publicKey().bytes();
    s.owner = lez::core::publicAccountId(ownerKey.publicKey());
    s.boundStreamId = static_cast<ls::StreamId>(i);
    s.replay = se::ReplayWindow(policy.replayWindow);
    book.insert(std::move(s), now);
    ls::StreamConfig st;
    st.streamId = static_cast<ls::StreamId>(i);
    st.provider = policy.provider;
    st.rate = 10;
    st.allocation = lez::core::U128(1'000'000'000);
    st.accruedAsOf = now - 60;
    streams.push_back(st);
  }

  // Requests and proofs signed in advance (user-side work is not the provider's cost).
  std::vector<std::vector<std::uint8_t>> requests;
  std::vector<eligibility::StreamProof> proofs;
  requests.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    waku::StoreQueryRequest r;
    r.request_id = "bench-" + std::to_string(i);
    r.include_data = true;
    r.content_topics = {"/app/1/chat/proto"};
    r.pagination_forward = true;
    r.pagination_limit = 20;
    requests.push_back(waku::canonicalStoreRequest(r));
    const int s = i % sessionsCount;
    eligibility::StreamProof p;
    p.stream_id = static_cast<ls::StreamId>(s);
    p.signature = lez::core::sign(sessionKeys[static_cast<std::size_t>(s)], eligibility::streamProofDigest(requests.back())).value().bytes;
    proofs.push_back(p);
  }
  const std::uint64_t clockMs = now * 1000 + 500;

  std::vector<double> lat;
  lat.reserve(static_cast<std::size_t>(n));
  int ok = 0;
  const auto t0 = Clock::now();
  for (int i = 0; i < n; ++i) {
    const auto a = Clock::now();
    const auto& request = requests[static_cast<std::size_t>(i)];
    const auto& proof = proofs[static_cast<std::size_t>(i)];
    auto info = se::readCanonicalRequest(request);
    se::ProviderSession* s = se::findSigningSession(book, proof, eligibility::streamProofDigest(request), "");
    if (info.ok() && s && se::precheckProof(*s, proof, info.value(), policy).ok() &&
        se::checkProofAgainstChain(*s, proof, policy, streams[proof.stream_id], clockMs).ok()) {
      se::commitProof(book, *s, proof.stream_id, info->requestId);
      ++ok;
    }
    lat.push_back(micros(Clock::now() - a));
  }
  const double verifySeconds = std::chrono::duration<double>(Clock::now() - t0).count();
  if (ok != n) {
    std::fprintf(stderr, "only %d of %d proofs verified\n", ok, n);
    return 1;
  }

  // Raw BIP-340 verification of the same signatures (public keys derived beforehand).
  std::vector<lez::core::PublicKey> publicKeys;
  for (const auto& k : sessionKeys) publicKeys.push_back(k.publicKey());
  std::vector<double> raw;
  raw.reserve(static_cast<std::size_t>(n));
  int rawOk = 0;
  const auto t1 = Clock::now();
  for (int i = 0; i < n; ++i) {
    const auto a = Clock::now();
    const auto digest = eligibility::streamProofDigest(requests[static_cast<std::size_t>(i)]);
    lez::core::Signature sig;
    sig.bytes = proofs[static_cast<std::size_t>(i)].signature;
    rawOk += lez::core::verify(sig, digest, publicKeys[static_cast<std::size_t>(i % sessionsCount)]) ? 1 : 0;
    raw.push_back(micros(Clock::now() - a));
  }
  const double rawSeconds = std::chrono::duration<double>(Clock::now() - t1).count();

  // The module records each served request id before answering OK (ReplayStore::record), and
  // looks an id up before any chain read (ReplayStore::contains). Measured with one session that
  // already holds `fill` records, then `n` more records and `n` lookups of recorded ids.
  char dirTemplate[] = "/tmp/bench-streams-XXXXXX";
  const char* dir = mkdtemp(dirTemplate);
  std::vector<double> sql;
  double sqlSeconds = 0;
  std::vector<double> look;
  double lookSeconds = 0;
  std::vector<double> io;
  double ioSeconds = 0;
  double bytesPerRecord = 0;
  long long totalRecords = 0;
  if (dir) {
    payment_streams::ReplayStore store(std::string(dir) + "/replay.sqlite");
    if (store.open().ok()) {
      const auto session = sessionKeys[0].publicKey().bytes();
      for (int i = 0; i < fill; ++i) (void)store.record(session, "fill-" + std::to_string(i));
      (void)store.checkpoint();
      const auto t2 = Clock::now();
      for (int i = 0; i < n; ++i) {
        const auto a = Clock::now();
        auto fresh = store.record(session, "bench-" + std::to_string(i));
        sql.push_back(micros(Clock::now() - a));
        if (!fresh.ok() || !fresh.value()) {
          std::fprintf(stderr, "record %d was not new\n", i);
          return 1;
        }
      }
      sqlSeconds = std::chrono::duration<double>(Clock::now() - t2).count();
      const auto t4 = Clock::now();
      for (int i = 0; i < n; ++i) {
        const auto a = Clock::now();
        auto seen = store.contains(session, "fill-" + std::to_string((i * 7919) % std::max(1, fill)));
        look.push_back(micros(Clock::now() - a));
        if (fill > 0 && (!seen.ok() || !seen.value())) {
          std::fprintf(stderr, "lookup %d missed\n", i);
          return 1;
        }
      }
      lookSeconds = std::chrono::duration<double>(Clock::now() - t4).count();
      (void)store.checkpoint();
      totalRecords = static_cast<long long>(fill) + n;
      struct stat st {};
      if (::stat((std::string(dir) + "/replay.sqlite").c_str(), &st) == 0) {
        bytesPerRecord = static_cast<double>(st.st_size) / static_cast<double>(totalRecords);
      }
    }
    std::string window;
    for (int i = 0; i < 1024; ++i) window += "\"bench-request-" + std::to_string(i) + "\",";
    const int writes = std::min(n, 200);
    const auto t3 = Clock::now();
    for (int i = 0; i < writes; ++i) {
      const auto a = Clock::now();
      (void)lezpay::fileio::writeFileAtomic(std::string(dir) + "/replay.json", "{\"request_ids\":[" + window + "]}\n", 0600);
      io.push_back(micros(Clock::now() - a));
    }
    ioSeconds = std::chrono::duration<double>(Clock::now() - t3).count();
    for (const char* f : {"/replay.json", "/replay.sqlite", "/replay.sqlite-wal", "/replay.sqlite-shm"}) {
      lezpay::fileio::removeFile(std::string(dir) + f);
    }
    rmdir(dir);
  }

  std::printf("bench_streams_verify: N=%d proofs over %d warm sessions (bound streams, replay window %zu)\n", n, sessionsCount,
              policy.replayWindow);
  report("provider proof-arm verifications", lat, verifySeconds);
  report("raw BIP-340 verifications", raw, rawSeconds);
  std::printf("ratio proof-arm / raw BIP-340: %.2f (%d raw ok)\n", (static_cast<double>(n) / verifySeconds) / (static_cast<double>(n) / rawSeconds), rawOk);
  if (!sql.empty()) {
    std::printf("replay record: one session holding %d records before, %lld after; database %.1f bytes per record\n", fill,
                totalRecords, bytesPerRecord);
    report("replay record (module: SQLite WAL, NORMAL)", sql, sqlSeconds);
    report("replay lookup of a recorded id", look, lookSeconds);
  }
  if (!io.empty()) report("rejected: JSON window rewrite (fsync)", io, ioSeconds);
  std::printf("max RSS: %ld KiB\n", rssKiB());
  return 0;
}

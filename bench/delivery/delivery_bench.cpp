// Delivery benchmark: prints figures, asserts nothing.
//   1. archive insert rate (batches of 1000 and single inserts) into a fresh SQLite archive;
//   2. a logoscore daemon with delivery_module serving that archive over plain TCP (the loopback
//      debugging transport: this measures the Store path, not Noise and Yamux); Store queries
//      (content topic + time window, 20 messages with data per page) from C concurrent clients:
//      queries/s, p50/p99 latency, daemon RSS; first with no verifier, then with test_verifier
//      registered (each query carries a proof and costs a hook round trip through the host).
// Usage: bench_delivery [messages=100000] [queries=3000] [concurrency=4]
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include <nlohmann/json.hpp>

#include "bench_daemon.h"
#include "lezpay/archive/archive.h"
#include "transport/outbound_exchange.h"
#include "waku/store_codec.h"

using nlohmann::json;
using bench::Daemon;
using bench::kPubsub;
using bench::kTopics;
using bench::makeMessage;
using bench::topicName;

namespace {

struct Figures {
  double qps = 0;
  double p50us = 0;
  double p99us = 0;
  std::uint64_t failures = 0;
  std::uint64_t messages = 0;
  std::uint64_t total = 0;
};

// Runs `total` queries with `concurrency` outstanding exchanges on this thread's event loop.
Figures runQueries(std::uint16_t port, std::uint64_t total, int concurrency, std::uint64_t archived, bool withProof) {
  QObject owner;
  std::mt19937_64 rng(42);
  std::vector<double> latencies;
  latencies.reserve(total);
  Figures f;
  std::uint64_t started = 0, finished = 0;
  QElapsedTimer wall;
  wall.start();
  std::function<void()> launch = [&] {
    if (started >= total) return;
    const std::uint64_t n = started++;
    waku::StoreQueryRequest r;
    r.request_id = "bench-" + std::to_string(n);
    r.include_data = true;
    r.pubsub_topic = kPubsub;
    r.content_topics = {topicName(static_cast<int>(rng() % kTopics))};
    r.time_start = bench::kBaseNs + static_cast<std::int64_t>(rng() % archived) * 1000000;
    r.pagination_forward = true;
    r.pagination_limit = 20;
    if (withProof) r.eligibility_proof = std::vector<std::uint8_t>{0x1a, 0x03, 0x01, 0x02, 0x03};
    auto t0 = std::chrono::steady_clock::now();
    delivery::transport::startExchange(&owner, {"127.0.0.1", port}, std::string(waku::kStoreQueryProtocolId),
                                       waku::encodeStoreQueryRequest(r), waku::kMaxStoreResponseBytes, 30000,
                                       [&, t0](lezpay::util::Result<delivery::transport::Bytes> bytes) {
                                         latencies.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
                                         auto resp = bytes.ok() ? waku::decodeStoreQueryResponse(bytes.value())
                                                                : lezpay::util::Result<waku::StoreQueryResponse>(bytes.error());
                                         if (!resp.ok() || resp->status_code != waku::StatusCode::SUCCESS) {
                                           if (f.failures++ == 0) {
                                             std::fprintf(stderr, "query failed: %s\n",
                                                          resp.ok() ? resp->status_desc.c_str() : resp.error().message.c_str());
                                           }
                                         } else {
                                           f.messages += resp->messages.size();
                                         }
                                         ++finished;
                                         QTimer::singleShot(0, &owner, launch);
                                       });
  };
  for (int i = 0; i < concurrency; ++i) launch();
  while (finished < total) QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
  const double secs = static_cast<double>(wall.nsecsElapsed()) / 1e9;
  std::sort(latencies.begin(), latencies.end());
  f.total = total;
  f.qps = static_cast<double>(total) / secs;
  f.p50us = latencies[latencies.size() / 2];
  f.p99us = latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)];
  return f;
}

void print(const char* label, const Figures& f, int concurrency, long rss) {
  std::printf("%-34s %8.0f queries/s  p50 %7.0f us  p99 %7.0f us  (concurrency %d, %.1f msgs/page, %llu failures, daemon RSS %ld MiB)\n",
              label, f.qps, f.p50us, f.p99us, concurrency, f.total > 0 ? static_cast<double>(f.messages) / static_cast<double>(f.total) : 0.0,
              static_cast<unsigned long long>(f.failures), rss / 1024);
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  const std::uint64_t messages = argc > 1 ? std::stoull(argv[1]) : 100000;
  const std::uint64_t queries = argc > 2 ? std::stoull(argv[2]) : 3000;
  const int concurrency = argc > 3 ? std::stoi(argv[3]) : 4;
  QTemporaryDir tmp(QDir::tempPath() + "/lzp-bench-XXXXXX");
  const std::string dbPath = tmp.filePath("store.sqlite").toStdString();

  // 1. Insert rate.
  {
    auto opened = lezpay::archive::openArchive({"sqlite:" + dbPath, {}});
    if (!opened.ok()) {
      std::fprintf(stderr, "cannot open the archive: %s\n", opened.error().message.c_str());
      return 1;
    }
    auto archive = std::move(opened).value();
    const std::uint64_t singles = std::min<std::uint64_t>(2000, messages / 10);
    QElapsedTimer t;
    t.start();
    for (std::uint64_t i = 0; i < singles; ++i) {
      auto r = archive->insert(makeMessage(i));
      if (!r.ok()) return std::fprintf(stderr, "insert: %s\n", r.error().message.c_str()), 1;
    }
    const double singleSecs = static_cast<double>(t.nsecsElapsed()) / 1e9;
    t.restart();
    std::vector<lezpay::archive::ArchivedMessage> batch;
    for (std::uint64_t i = singles; i < messages; ++i) {
      batch.push_back(makeMessage(i));
      if (batch.size() == 1000 || i + 1 == messages) {
        auto r = archive->insertBatch(batch);
        if (!r.ok()) return std::fprintf(stderr, "insertBatch: %s\n", r.error().message.c_str()), 1;
        batch.clear();
      }
    }
    const double batchSecs = static_cast<double>(t.nsecsElapsed()) / 1e9;
    std::printf("archive (sqlite)                   %8.0f inserts/s one by one (%llu), %8.0f inserts/s in batches of 1000 (%llu); %llu messages\n",
                static_cast<double>(singles) / singleSecs, static_cast<unsigned long long>(singles),
                static_cast<double>(messages - singles) / batchSecs, static_cast<unsigned long long>(messages - singles),
                static_cast<unsigned long long>(archive->count().value()));
  }

  // 2. A daemon serving that archive.
  Daemon d;
  d.start(tmp.path(), {MODULES_DIR, HOOK_MODULES_DIR});
  d.cli({"load-module", "delivery_module"});
  d.cli({"load-module", "test_verifier"});
  d.call("delivery_module", "createNode", {QString::fromStdString("json:" + json{{"archiveUrl", "sqlite:" + dbPath}, {"retentionPolicy", "none"}, {"transport", "plain"}}.dump())});
  const auto port = static_cast<std::uint16_t>(d.call("delivery_module", "start")["port"].get<int>());

  runQueries(port, std::min<std::uint64_t>(200, queries), concurrency, messages, false);  // warm-up
  print("store query, no verifier", runQueries(port, queries, concurrency, messages, false), concurrency, d.rssKiB());
  print("store query, no verifier", runQueries(port, queries, 1, messages, false), 1, d.rssKiB());
  d.call("test_verifier", "configure", {"OK"});
  d.call("delivery_module", "setEligibilityVerifier", {"test_verifier"});
  print("store query, verifier (OK)", runQueries(port, queries, concurrency, messages, true), concurrency, d.rssKiB());
  print("store query, verifier (OK)", runQueries(port, queries, 1, messages, true), 1, d.rssKiB());
  const json info = d.call("delivery_module", "getNodeInfo");
  std::printf("daemon served %s store requests over an archive of %s messages\n", info["storeRequestsServed"].dump().c_str(),
              info["archive"]["messages"].dump().c_str());
  d.cli({"stop"});
  d.proc.waitForFinished(10000);
  return 0;
}

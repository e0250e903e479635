// Benchmark of lezpay::archive itself (the Store server's wire figures are bench_delivery's):
// insert rate (batched in transactions of 1,000, and one message per call) and the latency
// (p50/p99) and rate of typical Store queries on an archive of N messages (default 100,000):
// a content-topic page of 20, the newest page backward, a time range, a page behind a cursor
// deep in the archive, hash lookups (20 hashes, presence only), and retention by count.
//
// Usage: bench_archive [N=100000] [url]
//   url: an EMPTY PostgreSQL database (postgresql://user:pw@127.0.0.1:port/db), or sqlite:<file>;
//   default: a fresh SQLite file in a temporary directory. bench/archive/run_postgresql.py
//   starts a throw-away durable PostgreSQL server and runs this program against it.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <QCoreApplication>
#include <QFileInfo>
#include <QTemporaryDir>

#include "lezpay/archive/archive.h"
#include "waku/message_hash.h"

using namespace lezpay::archive;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::int64_t kBaseTs = 1'700'000'000'000'000'000;
constexpr std::int64_t kSpacingNs = 1'000'000;  // 1 ms between messages (ties every 16th message)
constexpr int kContentTopics = 100;
constexpr int kShards = 8;
constexpr int kPayloadBytes = 256;

double secondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

ArchivedMessage makeMessage(std::uint64_t i, std::mt19937_64& rng) {
  ArchivedMessage m;
  m.pubsub_topic = "/waku/2/rs/0/" + std::to_string(i % kShards);
  m.message.content_topic = "/bench/1/topic-" + std::to_string((i * 7) % kContentTopics) + "/proto";
  m.message.payload.resize(kPayloadBytes);
  for (auto& b : m.message.payload) b = static_cast<std::uint8_t>(rng());
  m.message.version = 0;
  m.message.timestamp = kBaseTs + static_cast<std::int64_t>(i % 16 == 15 ? i - 1 : i) * kSpacingNs;
  m.message.meta = waku::Bytes{static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(i >> 8)};
  m.timestamp_ns = *m.message.timestamp;
  m.hash = waku::computeMessageHash(m.pubsub_topic, m.message);
  return m;
}

struct Stats {
  double p50_us = 0, p99_us = 0, per_second = 0;
};

Stats measure(int runs, const std::function<bool(int)>& op) {
  std::vector<double> us;
  us.reserve(static_cast<std::size_t>(runs));
  const auto t0 = Clock::now();
  for (int i = 0; i < runs; ++i) {
    const auto t = Clock::now();
    if (!op(i)) std::exit(1);
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t).count());
  }
  const double total = secondsSince(t0);
  std::sort(us.begin(), us.end());
  auto pct = [&](double p) { return us[std::min(us.size() - 1, static_cast<std::size_t>(p * us.size()))]; };
  return {pct(0.50), pct(0.99), runs / total};
}

void print(const char* what, int runs, const Stats& s) {
  std::printf("  %-46s %6d runs  %8.0f /s  p50 %8.1f us  p99 %8.1f us\n", what, runs, s.per_second, s.p50_us, s.p99_us);
}

bool check(const lezpay::util::Result<ArchivePage>& r, const char* what) {
  if (r.ok()) return true;
  std::fprintf(stderr, "bench: %s failed: %s %s\n", what, r.error().code.c_str(), r.error().message.c_str());
  return false;
}

long maxRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  const std::uint64_t n = argc > 1 ? std::max<std::uint64_t>(2000, std::strtoull(argv[1], nullptr, 10)) : 100000;
  QTemporaryDir tmp;
  std::string url = argc > 2 ? argv[2] : "sqlite:" + tmp.path().toStdString() + "/bench.db";
  auto opened = openArchive({url, {}});
  if (!opened.ok()) {
    std::fprintf(stderr, "bench: open failed: %s %s\n", opened.error().code.c_str(), opened.error().message.c_str());
    return 1;
  }
  auto archive = std::move(opened).value();
  auto existing = archive->count();
  if (!existing.ok() || existing.value() != 0) {
    std::fprintf(stderr, "bench: the archive at %s must exist empty (count: %s)\n", argc > 2 ? "the given url" : "the temp file",
                 existing.ok() ? std::to_string(existing.value()).c_str() : existing.error().message.c_str());
    return 1;
  }
  std::printf("archive benchmark: backend %s, N = %llu messages (%d-byte payloads, %d content topics, %d shards)\n",
              archive->backend().c_str(), static_cast<unsigned long long>(n), kPayloadBytes, kContentTopics, kShards);

  std::mt19937_64 rng(42);
  std::vector<ArchivedMessage> all;
  all.reserve(n);
  for (std::uint64_t i = 0; i < n; ++i) all.push_back(makeMessage(i, rng));
  // Insert roughly, not exactly, in timestamp order, as relay delivers: shuffled within windows
  // of 256 messages (hashes, the primary key, arrive in random order anyway).
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  for (std::size_t w = 0; w < n; w += 256) {
    std::shuffle(order.begin() + static_cast<std::ptrdiff_t>(w),
                 order.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(n, w + 256)), rng);
  }

  std::printf("inserts:\n");
  const int singles = static_cast<int>(std::min<std::uint64_t>(2000, n / 10));
  const Stats single = measure(singles, [&](int i) {
    auto r = archive->insert(all[order[static_cast<std::size_t>(i)]]);
    if (!r.ok() || !r.value()) std::fprintf(stderr, "bench: insert failed\n");
    return r.ok() && r.value();
  });
  print("single insert (one transaction each)", singles, single);
  constexpr std::size_t kBatch = 1000;
  std::vector<ArchivedMessage> batch;
  int batches = 0;
  std::size_t next = static_cast<std::size_t>(singles);
  const auto tb = Clock::now();
  const Stats batched = measure(static_cast<int>((n - next + kBatch - 1) / kBatch), [&](int) {
    batch.clear();
    for (std::size_t k = 0; k < kBatch && next < n; ++k) batch.push_back(all[order[next++]]);
    auto r = archive->insertBatch(batch);
    ++batches;
    if (!r.ok()) std::fprintf(stderr, "bench: insertBatch failed: %s\n", r.error().message.c_str());
    return r.ok() && r.value() == batch.size();
  });
  const double batchSeconds = secondsSince(tb);
  std::printf("  %-46s %6d batches %8.0f msg/s  p50 %8.1f ms  p99 %8.1f ms per batch\n", "batched insert (1,000 per transaction)",
              batches, static_cast<double>(n - static_cast<std::size_t>(singles)) / batchSeconds, batched.p50_us / 1000,
              batched.p99_us / 1000);
  if (archive->count().value() != n) {
    std::fprintf(stderr, "bench: count after inserts is not N\n");
    return 1;
  }

  constexpr int kRuns = 2000;
  std::uniform_int_distribution<std::size_t> pick(0, n - 1);
  std::printf("queries on %llu messages (include_data, page of 20 unless said):\n", static_cast<unsigned long long>(n));
  print("pubsub + content topic, newest page (backward)", kRuns, measure(kRuns, [&](int) {
    const auto& like = all[pick(rng)];
    ArchiveQuery q;
    q.include_data = true;
    q.forward = false;
    q.limit = 20;
    q.pubsub_topic = like.pubsub_topic;
    q.content_topics = {like.message.content_topic};
    return check(archive->query(q), "content topic page");
  }));
  print("pubsub + content topic matching nothing", kRuns, measure(kRuns, [&](int) {
    const auto& like = all[pick(rng)];
    ArchiveQuery q;  // the topic lives on other shards only: must not scan the topic or the shard
    q.include_data = true;
    q.forward = false;
    q.limit = 20;
    q.pubsub_topic = "/waku/2/rs/0/" + std::to_string((std::stoi(like.pubsub_topic.substr(13)) + 1) % kShards);
    q.content_topics = {like.message.content_topic};
    return check(archive->query(q), "no-match page");
  }));
  print("pubsub topic alone, newest page (backward)", kRuns, measure(kRuns, [&](int) {
    ArchiveQuery q;
    q.include_data = true;
    q.forward = false;
    q.limit = 20;
    q.pubsub_topic = all[pick(rng)].pubsub_topic;
    return check(archive->query(q), "pubsub page");
  }));
  print("pubsub + 10 content topics (forward)", kRuns, measure(kRuns, [&](int) {
    ArchiveQuery q;
    q.include_data = true;
    q.forward = true;
    q.limit = 20;
    q.pubsub_topic = all[pick(rng)].pubsub_topic;
    for (int k = 0; k < 10; ++k) q.content_topics.push_back(all[pick(rng)].message.content_topic);
    return check(archive->query(q), "ten topics");
  }));
  print("content topic, oldest page (forward)", kRuns, measure(kRuns, [&](int) {
    ArchiveQuery q;
    q.include_data = true;
    q.forward = true;
    q.limit = 20;
    q.content_topics = {all[pick(rng)].message.content_topic};
    return check(archive->query(q), "content topic page");
  }));
  print("no filter, newest page (backward)", kRuns, measure(kRuns, [&](int) {
    ArchiveQuery q;
    q.include_data = true;
    q.forward = false;
    q.limit = 20;
    return check(archive->query(q), "newest page");
  }));
  print("time range of 1 s, first page (forward)", kRuns, measure(kRuns, [&](int) {
    ArchiveQuery q;
    q.include_data = true;
    q.forward = true;
    q.limit = 20;
    q.time_start = all[pick(rng)].timestamp_ns;
    q.time_end = *q.time_start + 1'000'000'000;
    return check(archive->query(q), "time range");
  }));
  print("time range + 3 content topics", kRuns, measure(kRuns, [&](int) {
    ArchiveQuery q;
    q.include_data = true;
    q.forward = true;
    q.limit = 20;
    q.time_start = all[pick(rng)].timestamp_ns;
    q.time_end = *q.time_start + 60'000'000'000;
    for (int k = 0; k < 3; ++k) q.content_topics.push_back(all[pick(rng)].message.content_topic);
    return check(archive->query(q), "time range + topics");
  }));
  print("cursor deep in the archive (forward)", kRuns, measure(kRuns, [&](int) {
    ArchiveQuery q;
    q.include_data = true;
    q.forward = true;
    q.limit = 20;
    q.cursor = all[pick(rng)].hash;
    return check(archive->query(q), "cursor page");
  }));
  print("cursor deep, content topic (backward)", kRuns, measure(kRuns, [&](int) {
    const auto& at = all[pick(rng)];
    ArchiveQuery q;
    q.include_data = true;
    q.forward = false;
    q.limit = 20;
    q.content_topics = {at.message.content_topic};
    q.cursor = at.hash;
    return check(archive->query(q), "cursor topic page");
  }));
  print("page of 100, hashes only (forward, cursor)", kRuns, measure(kRuns, [&](int) {
    ArchiveQuery q;
    q.forward = true;
    q.limit = 100;
    q.cursor = all[pick(rng)].hash;
    return check(archive->query(q), "hash page");
  }));
  print("hash lookup, 20 hashes (presence)", kRuns, measure(kRuns, [&](int) {
    ArchiveQuery q;
    q.forward = true;
    q.limit = 20;
    for (int k = 0; k < 20; ++k) q.message_hashes.push_back(all[pick(rng)].hash);
    return check(archive->query(q), "hash lookup");
  }));
  print("hash lookup, 1 hash with data", kRuns, measure(kRuns, [&](int) {
    ArchiveQuery q;
    q.include_data = true;
    q.message_hashes = {all[pick(rng)].hash};
    return check(archive->query(q), "hash lookup");
  }));

  // Retention by count: a second archive on the same database deletes the oldest 10 %.
  {
    Retention retention;
    retention.max_messages = n - n / 10;
    auto pruner = openArchive({url, retention});
    if (!pruner.ok()) return 1;
    const auto t0 = Clock::now();
    auto deleted = pruner.value()->applyRetention(kBaseTs);
    const double s = secondsSince(t0);
    if (!deleted.ok()) {
      std::fprintf(stderr, "bench: retention failed: %s\n", deleted.error().message.c_str());
      return 1;
    }
    std::printf("retention by count: deleted %llu of %llu messages in %.3f s (%.0f msg/s)\n",
                static_cast<unsigned long long>(deleted.value()), static_cast<unsigned long long>(n), s,
                static_cast<double>(deleted.value()) / s);
  }
  if (url.rfind("sqlite:", 0) == 0) {
    const QString file = QString::fromStdString(url.substr(url.rfind("sqlite://", 0) == 0 ? 9 : 7));
    std::printf("sqlite file %.1f MiB (+ WAL %.1f MiB)\n", QFileInfo(file).size() / 1048576.0,
                QFileInfo(file + "-wal").size() / 1048576.0);
  }
  std::printf("bench process max RSS %ld KiB\n", maxRssKb());
  return 0;
}

// Delivery transports benchmark: prints figures, asserts nothing. Two logoscore daemons run
// delivery_module over copies of one seeded SQLite archive, one with transport "libp2p" (TCP +
// multistream-select + Noise XX + Yamux, spec libp2p.md §1) and one with "plain" (multistream-
// select straight over TCP, the loopback debug mode): the baseline every ratio is taken against.
// The client is this process: lezpay::p2pnet::P2pConnection as initiator for libp2p, a
// QTcpSocket speaking multistream-select for plain (what the module's plain client does). One run
// prints, for both transports:
//   1. handshakes: a fresh connection until a stream can open (libp2p: TCP, mss /noise, Noise XX
//      with secp256k1 signatures both ways, mss /yamux/1.0.0; plain: TCP and the mss echo of the
//      Store protocol), per second and p50/p99, and the bytes they put on the wire;
//   2. Store queries over ONE reused connection, sequential and with C concurrent streams
//      (libp2p only: plain carries one exchange per TCP connection, so its rows are the fresh ones);
//   3. Store queries with a fresh connection each, sequential and C at a time;
//   4. bytes on the wire per query beyond the Store request and response protobufs (TCP payload
//      both ways, read from the kernel's TCP_INFO counters of the client's socket).
// Queries are those of bench_delivery (content topic + time window, 20 messages with data).
// Usage: bench_delivery_transports [handshakes=2000] [queries=10000] [concurrency=16] [fresh=2000] [messages=20000]
// (the defaults take about 15 s on two cores)
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>

#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <random>

#include <nlohmann/json.hpp>

#include "bench_daemon.h"
#include "lezpay/archive/archive.h"
#include "lezpay/libp2p/identity.h"
#include "lezpay/libp2p/peer_id.h"
#include "lezpay/p2pnet/p2p_connection.h"
#include "lezpay/proto/frame.h"
#include "lezpay/proto/multistream.h"
#include "waku/store_codec.h"

using nlohmann::json;
using lezpay::p2pnet::P2pConnection;
using lezpay::p2pnet::P2pStreamHandler;

namespace {

constexpr int kTimeoutMs = 30000;
const std::string kStoreProtocol(waku::kStoreQueryProtocolId);

// TCP payload bytes a socket sent and received (Linux TCP_INFO, kernel 4.19+).
struct Wire {
  std::uint64_t sent = 0;
  std::uint64_t received = 0;
  std::uint64_t total() const { return sent + received; }
  Wire operator-(const Wire& o) const { return {sent - o.sent, received - o.received}; }
};

Wire wireOf(const QTcpSocket* socket) {
  tcp_info info{};
  socklen_t len = sizeof(info);
  if (getsockopt(static_cast<int>(socket->socketDescriptor()), IPPROTO_TCP, TCP_INFO, &info, &len) != 0) return {};
  return {info.tcpi_bytes_sent, info.tcpi_bytes_received};
}

// What one operation reports: success, the Store payload bytes it carried (request + response
// protobufs) and, for operations that own their connection, that connection's wire bytes.
struct OpResult {
  bool ok = false;
  std::uint64_t payload = 0;
  Wire wire;
};
using OpDone = std::function<void(OpResult)>;
using OpStart = std::function<void(std::uint64_t index, OpDone done)>;

struct Figures {
  std::uint64_t total = 0;
  std::uint64_t failures = 0;
  double perSecond = 0;
  double p50us = 0;
  double p99us = 0;
  std::uint64_t payload = 0;  // Store payload bytes of all operations
  Wire wire;                  // wire bytes of the operations that own their connection
};

// Runs `total` operations, `concurrency` at a time, on this thread's event loop.
Figures runLoad(std::uint64_t total, int concurrency, const OpStart& start) {
  QObject owner;
  std::vector<double> latencies;
  latencies.reserve(total);
  Figures f;
  f.total = total;
  std::uint64_t started = 0, finished = 0;
  QElapsedTimer wall;
  wall.start();
  std::function<void()> launch = [&] {
    if (started >= total) return;
    const std::uint64_t n = started++;
    const auto t0 = std::chrono::steady_clock::now();
    start(n, [&, t0](OpResult r) {
      latencies.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
      if (!r.ok) ++f.failures;
      f.payload += r.payload;
      f.wire.sent += r.wire.sent;
      f.wire.received += r.wire.received;
      ++finished;
      QTimer::singleShot(0, &owner, launch);
    });
  };
  for (int i = 0; i < concurrency; ++i) launch();
  while (finished < total) QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
  f.perSecond = static_cast<double>(total) / (static_cast<double>(wall.nsecsElapsed()) / 1e9);
  std::sort(latencies.begin(), latencies.end());
  f.p50us = latencies[latencies.size() / 2];
  f.p99us = latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)];
  return f;
}

// Lets queued writes (Yamux window updates, FINs) reach the wire before counters are read.
void settle(int ms) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < ms) QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}

class QueryMaker {
 public:
  explicit QueryMaker(std::uint64_t archived) : archived_(archived) {}
  std::vector<std::uint8_t> next(std::uint64_t n) {
    waku::StoreQueryRequest r;
    r.request_id = "bench-" + std::to_string(n);
    r.include_data = true;
    r.pubsub_topic = bench::kPubsub;
    r.content_topics = {bench::topicName(static_cast<int>(rng_() % bench::kTopics))};
    r.time_start = bench::kBaseNs + static_cast<std::int64_t>(rng_() % archived_) * 1000000;
    r.pagination_forward = true;
    r.pagination_limit = 20;
    return waku::encodeStoreQueryRequest(r);
  }

 private:
  std::uint64_t archived_;
  std::mt19937_64 rng_{42};
};

// A Store response that decodes with status 200.
bool goodResponse(const std::vector<std::uint8_t>& bytes) {
  auto r = waku::decodeStoreQueryResponse(bytes);
  return r.ok() && r->status_code == waku::StatusCode::SUCCESS;
}

// ---- plain: multistream-select over TCP, one exchange per connection --------------------------

// Connects, sends the mss header and the Store proposal, waits for the echo; then (unless only
// the handshake is measured) writes LP(request) and reads LP(response). Deletes itself when done.
class PlainExchange : public QObject {
 public:
  PlainExchange(std::uint16_t port, std::optional<std::vector<std::uint8_t>> request, OpDone done)
      : request_(std::move(request)), done_(std::move(done)), reader_(waku::kMaxStoreResponseBytes) {
    socket_ = new QTcpSocket(this);
    connect(socket_, &QTcpSocket::connected, this, [this] {
      socket_->setSocketOption(QAbstractSocket::LowDelayOption, 1);
      auto hello = *lezpay::proto::encodeMultistreamMessage(lezpay::proto::kMultistreamProtocolId);
      const auto proposal = *lezpay::proto::encodeMultistreamMessage(kStoreProtocol);
      hello.insert(hello.end(), proposal.begin(), proposal.end());
      write(hello);
    });
    connect(socket_, &QTcpSocket::readyRead, this, &PlainExchange::onReadyRead);
    connect(socket_, &QTcpSocket::errorOccurred, this, [this] { finish(false, {}); });
    timer_.setSingleShot(true);
    connect(&timer_, &QTimer::timeout, this, [this] { finish(false, {}); });
    timer_.start(kTimeoutMs);
    socket_->connectToHost(QHostAddress::LocalHost, port);
  }

 private:
  void write(const std::vector<std::uint8_t>& b) { socket_->write(reinterpret_cast<const char*>(b.data()), static_cast<qint64>(b.size())); }

  void onReadyRead() {
    const QByteArray data = socket_->readAll();
    reader_.append(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(data.constData()), static_cast<std::size_t>(data.size())));
    for (;;) {
      auto out = reader_.poll();
      if (out.state == lezpay::proto::FrameReader::State::NEED_MORE) return;
      if (out.state == lezpay::proto::FrameReader::State::ERROR) return finish(false, {});
      if (++frames_ < 2) continue;  // the mss header
      if (frames_ == 2) {           // the echo: the stream is open
        if (!request_) return finish(true, {});
        write(lezpay::proto::encodeFrame(*request_));
        continue;
      }
      return finish(goodResponse(out.frame), request_->size() + out.frame.size());
    }
  }

  void finish(bool ok, std::uint64_t payload) {
    if (finished_) return;
    finished_ = true;
    timer_.stop();
    socket_->flush();
    const Wire wire = wireOf(socket_);
    socket_->disconnect(this);
    socket_->abort();
    deleteLater();
    done_({ok, payload, wire});
  }

  QTcpSocket* socket_ = nullptr;
  QTimer timer_;
  std::optional<std::vector<std::uint8_t>> request_;
  OpDone done_;
  lezpay::proto::FrameReader reader_;
  int frames_ = 0;
  bool finished_ = false;
};

// ---- libp2p: P2pConnection as initiator ------------------------------------------------------

// One Store exchange on a Yamux stream: LP(request), FIN, one LP(response).
class StoreStream : public P2pStreamHandler {
 public:
  StoreStream(std::vector<std::uint8_t> request, std::function<void(bool ok, std::uint64_t payload)> done)
      : request_(std::move(request)), done_(std::move(done)), reader_(waku::kMaxStoreResponseBytes) {}
  ~StoreStream() override { finish(false, 0); }
  void onOpen(P2pConnection& c, std::uint32_t id) override {
    c.write(id, lezpay::proto::encodeFrame(request_));
    c.closeWrite(id);
  }
  void onData(P2pConnection&, std::uint32_t, const std::vector<std::uint8_t>& data) override {
    reader_.append(data);
    auto out = reader_.poll();
    if (out.state == lezpay::proto::FrameReader::State::NEED_MORE) return;
    if (out.state == lezpay::proto::FrameReader::State::ERROR) return finish(false, 0);
    finish(goodResponse(out.frame), request_.size() + out.frame.size());
  }
  void onReset(P2pConnection&, std::uint32_t) override { finish(false, 0); }

 private:
  void finish(bool ok, std::uint64_t payload) {
    if (!done_) return;
    auto done = std::move(done_);
    done_ = nullptr;
    done(ok, payload);
  }
  std::vector<std::uint8_t> request_;
  std::function<void(bool, std::uint64_t)> done_;
  lezpay::proto::FrameReader reader_;
};

struct Libp2pTarget {
  std::uint16_t port = 0;
  lezpay::libp2p::PeerId peer;
  const lezpay::libp2p::Secp256k1Identity* identity = nullptr;
};

// Dials the target; `ready` runs once Yamux is up (true) or the dial failed (false).
P2pConnection* dial(const Libp2pTarget& t, QObject* parent, std::function<void(P2pConnection*, bool)> ready) {
  auto* socket = new QTcpSocket;
  P2pConnection::Options o;
  o.dialer = true;
  o.credential = lezpay::p2pnet::credentialWithFreshStaticKey(*t.identity);
  o.expectedRemote = t.peer;
  o.handshakeTimeoutMs = kTimeoutMs;
  auto* conn = new P2pConnection(socket, std::move(o), parent);
  auto fired = std::make_shared<bool>(false);
  QObject::connect(conn, &P2pConnection::established, conn, [conn, ready, fired] {
    if (*fired) return;
    *fired = true;
    ready(conn, true);
  });
  QObject::connect(conn, &P2pConnection::closed, conn, [conn, ready, fired] {
    if (!*fired) {
      *fired = true;
      ready(conn, false);
    }
  });
  socket->connectToHost(QHostAddress::LocalHost, t.port);
  return conn;
}

// Reads the connection's wire bytes, then closes it (the object goes later).
Wire closeConnection(P2pConnection* conn) {
  conn->socket()->flush();
  const Wire wire = wireOf(conn->socket());
  QObject::disconnect(conn, nullptr, nullptr, nullptr);
  conn->close("", "");
  conn->deleteLater();
  return wire;
}

// ---- printing ----------------------------------------------------------------------------------

void row(const char* label, const Figures& f, const char* unit) {
  std::printf("  %-44s %8.0f %s/s  p50 %8.0f us  p99 %8.0f us%s\n", label, f.perSecond, unit, f.p50us, f.p99us,
              f.failures ? ("  (" + std::to_string(f.failures) + " FAILED)").c_str() : "");
}

void ratio(const char* label, const Figures& libp2p, const Figures& plain) {
  std::printf("  %-44s rate x%.2f, p50 x%.2f, p99 x%.2f\n", label, libp2p.perSecond / plain.perSecond, libp2p.p50us / plain.p50us,
              libp2p.p99us / plain.p99us);
}

double perOp(std::uint64_t bytes, std::uint64_t ops) { return ops ? static_cast<double>(bytes) / static_cast<double>(ops) : 0.0; }

// Starts a daemon whose delivery node serves `dbPath` over `transport`; answers its getNodeInfo.
json startNode(bench::Daemon& d, const QString& root, const std::string& dbPath, const char* transport) {
  d.start(root, {MODULES_DIR});
  d.cli({"load-module", "delivery_module"});
  const json cfg{{"archiveUrl", "sqlite:" + dbPath}, {"retentionPolicy", "none"}, {"transport", transport}};
  d.call("delivery_module", "createNode", {QString::fromStdString("json:" + cfg.dump())});
  d.call("delivery_module", "start");
  return d.call("delivery_module", "getNodeInfo");
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  const std::uint64_t handshakes = argc > 1 ? std::stoull(argv[1]) : 2000;
  const std::uint64_t queries = argc > 2 ? std::stoull(argv[2]) : 10000;
  const int concurrency = argc > 3 ? std::stoi(argv[3]) : 16;
  const std::uint64_t fresh = argc > 4 ? std::stoull(argv[4]) : 2000;
  const std::uint64_t messages = argc > 5 ? std::stoull(argv[5]) : 20000;
  if (handshakes == 0 || queries == 0 || fresh == 0 || messages == 0 || concurrency < 1) {
    std::fprintf(stderr, "usage: bench_delivery_transports [handshakes>0] [queries>0] [concurrency>0] [fresh>0] [messages>0]\n");
    return 2;
  }
  QTemporaryDir tmp(QDir::tempPath() + "/lzp-bench-XXXXXX");

  // The archive, seeded once and copied for each daemon.
  const std::string dbPlain = tmp.filePath("plain.sqlite").toStdString();
  const std::string dbLibp2p = tmp.filePath("libp2p.sqlite").toStdString();
  {
    auto opened = lezpay::archive::openArchive({"sqlite:" + dbPlain, {}});
    if (!opened.ok()) return std::fprintf(stderr, "cannot open the archive: %s\n", opened.error().message.c_str()), 1;
    auto archive = std::move(opened).value();
    std::vector<lezpay::archive::ArchivedMessage> batch;
    for (std::uint64_t i = 0; i < messages; ++i) {
      batch.push_back(bench::makeMessage(i));
      if (batch.size() == 1000 || i + 1 == messages) {
        auto r = archive->insertBatch(batch);
        if (!r.ok()) return std::fprintf(stderr, "insertBatch: %s\n", r.error().message.c_str()), 1;
        batch.clear();
      }
    }
  }
  if (!QFile::copy(QString::fromStdString(dbPlain), QString::fromStdString(dbLibp2p))) {
    return std::fprintf(stderr, "cannot copy the archive\n"), 1;
  }

  QDir().mkpath(tmp.filePath("plain"));
  QDir().mkpath(tmp.filePath("libp2p"));
  bench::Daemon plainNode, libp2pNode;
  const json plainInfo = startNode(plainNode, tmp.filePath("plain"), dbPlain, "plain");
  const json libp2pInfo = startNode(libp2pNode, tmp.filePath("libp2p"), dbLibp2p, "libp2p");
  const auto plainPort = static_cast<std::uint16_t>(plainInfo["port"].get<int>());
  auto peer = lezpay::libp2p::parsePeerId(libp2pInfo["peerId"].get<std::string>());
  auto identity = lezpay::libp2p::Secp256k1Identity::fromSecret(lezpay::p2pnet::randomKey32());
  if (!peer.ok() || !identity.ok()) return std::fprintf(stderr, "cannot read the libp2p node's peer id\n"), 1;
  const Libp2pTarget target{static_cast<std::uint16_t>(libp2pInfo["port"].get<int>()), *peer, &*identity};
  QueryMaker maker(messages);
  QObject owner;

  // Operations.
  const OpStart plainHandshake = [&](std::uint64_t, OpDone done) { new PlainExchange(plainPort, std::nullopt, std::move(done)); };
  const OpStart plainQuery = [&](std::uint64_t n, OpDone done) { new PlainExchange(plainPort, maker.next(n), std::move(done)); };
  const OpStart libp2pHandshake = [&](std::uint64_t, OpDone done) {
    dial(target, &owner, [done](P2pConnection* conn, bool ok) { done({ok, 0, closeConnection(conn)}); });
  };
  const OpStart libp2pFreshQuery = [&](std::uint64_t n, OpDone done) {
    auto request = maker.next(n);
    dial(target, &owner, [done, request](P2pConnection* conn, bool ok) {
      if (!ok) return done({false, 0, closeConnection(conn)});
      const bool opened = conn->openStream(kStoreProtocol, std::make_unique<StoreStream>(request, [conn, done](bool good, std::uint64_t payload) {
        // Called from inside the connection's event processing: close once it has returned.
        QTimer::singleShot(0, conn, [conn, done, good, payload] { done({good, payload, closeConnection(conn)}); });
      }));
      if (!opened) done({false, 0, closeConnection(conn)});
    });
  };
  P2pConnection* shared = nullptr;
  bool sharedUp = false;
  dial(target, &owner, [&](P2pConnection* conn, bool ok) {
    shared = conn;
    sharedUp = ok;
  });
  while (!shared) QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
  if (!sharedUp) return std::fprintf(stderr, "cannot connect to the libp2p node\n"), 1;
  const OpStart libp2pReusedQuery = [&](std::uint64_t n, OpDone done) {
    if (!shared->openStream(kStoreProtocol, std::make_unique<StoreStream>(maker.next(n), [done](bool good, std::uint64_t payload) {
          done({good, payload, {}});
        }))) {
      done({false, 0, {}});
    }
  };

  std::printf("delivery transports: plain (baseline) vs libp2p, %llu archived messages, loopback, one client thread\n",
              static_cast<unsigned long long>(messages));
  // Warm-up: page cache, SQLite statements, both daemons' code paths.
  runLoad(100, 4, plainQuery);
  runLoad(100, 4, libp2pReusedQuery);
  runLoad(20, 1, libp2pFreshQuery);

  std::printf("\nhandshakes: fresh connection until a stream can open (%llu, one at a time)\n", static_cast<unsigned long long>(handshakes));
  const Figures hsPlain = runLoad(handshakes, 1, plainHandshake);
  const Figures hsLibp2p = runLoad(handshakes, 1, libp2pHandshake);
  row("plain  (TCP + mss)", hsPlain, "handshakes");
  row("libp2p (TCP + mss + Noise XX + mss + Yamux)", hsLibp2p, "handshakes");
  ratio("libp2p / plain", hsLibp2p, hsPlain);

  std::printf("\nstore queries, fresh connection each (%llu)\n", static_cast<unsigned long long>(fresh));
  const Figures freshPlain = runLoad(fresh, 1, plainQuery);
  const Figures freshLibp2p = runLoad(fresh, 1, libp2pFreshQuery);
  const Figures freshPlainC = runLoad(fresh, concurrency, plainQuery);
  const Figures freshLibp2pC = runLoad(fresh, concurrency, libp2pFreshQuery);
  row("plain, sequential", freshPlain, "queries");
  row("libp2p, sequential", freshLibp2p, "queries");
  ratio("libp2p / plain, sequential", freshLibp2p, freshPlain);
  const std::string cLabel = std::to_string(concurrency) + " at a time";
  row(("plain, " + cLabel).c_str(), freshPlainC, "queries");
  row(("libp2p, " + cLabel).c_str(), freshLibp2pC, "queries");
  ratio(("libp2p / plain, " + cLabel).c_str(), freshLibp2pC, freshPlainC);

  std::printf("\nstore queries over ONE reused libp2p connection (%llu); plain has no reuse: ratios against its fresh rows\n",
              static_cast<unsigned long long>(queries));
  settle(50);
  const Wire before = wireOf(shared->socket());
  const Figures reusedSeq = runLoad(queries, 1, libp2pReusedQuery);
  settle(50);
  const Wire reusedWire = wireOf(shared->socket()) - before;
  const Figures reusedC = runLoad(queries, concurrency, libp2pReusedQuery);
  row("libp2p, sequential", reusedSeq, "queries");
  row(("libp2p, " + std::to_string(concurrency) + " concurrent streams").c_str(), reusedC, "queries");
  ratio("libp2p reused / plain fresh, sequential", reusedSeq, freshPlain);
  ratio(("libp2p reused / plain fresh, " + cLabel).c_str(), reusedC, freshPlainC);

  std::printf("\nbytes on the wire per query beyond the Store request + response protobufs (TCP payload, both ways)\n");
  const double payloadPerQuery = perOp(freshPlain.payload, freshPlain.total);
  const double plainOverhead = perOp(freshPlain.wire.total(), freshPlain.total) - payloadPerQuery;
  const double reusedOverhead = perOp(reusedWire.total(), reusedSeq.total) - perOp(reusedSeq.payload, reusedSeq.total);
  const double freshOverhead = perOp(freshLibp2p.wire.total(), freshLibp2p.total) - perOp(freshLibp2p.payload, freshLibp2p.total);
  std::printf("  Store payload per query (request + response)  %8.0f bytes\n", payloadPerQuery);
  std::printf("  plain, fresh connection                       %8.0f bytes (mss header + proposal each way, two length prefixes)\n",
              plainOverhead);
  std::printf("  libp2p, reused connection                     %8.0f bytes (x%.1f plain: stream mss, Yamux frames, Noise frames)\n",
              reusedOverhead, reusedOverhead / plainOverhead);
  std::printf("  libp2p, fresh connection                      %8.0f bytes (x%.1f plain: the above plus the handshake)\n", freshOverhead,
              freshOverhead / plainOverhead);
  std::printf("  handshake alone: plain %.0f bytes, libp2p %.0f bytes\n", perOp(hsPlain.wire.total(), hsPlain.total),
              perOp(hsLibp2p.wire.total(), hsLibp2p.total));

  const json served = libp2pNode.call("delivery_module", "getNodeInfo");
  std::printf("\ndaemon RSS: plain %ld MiB, libp2p %ld MiB; libp2p node served %s store requests\n", plainNode.rssKiB() / 1024,
              libp2pNode.rssKiB() / 1024, served["storeRequestsServed"].dump().c_str());
  closeConnection(shared);
  for (bench::Daemon* d : {&plainNode, &libp2pNode}) {
    d->cli({"stop"});
    d->proc.waitForFinished(10000);
  }
  return 0;
}

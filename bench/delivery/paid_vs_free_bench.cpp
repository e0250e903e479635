// Paid against free Store queries, one run: prints figures, asserts nothing.
//
// What runs (all real processes on loopback):
//   - lez-localnet with the test-key genesis, a block every `block_ms` (default 1000 ms);
//   - a FREE node: logoscore with delivery_module serving a copy of the archive, no verifier;
//   - a PAID node: logoscore with delivery_module, payment_streams_module (the eligibility
//     verifier) and wallet_module holding the provider's test key, serving another copy;
//   - a user node: logoscore with payment_streams_module and wallet_module holding the user's
//     test key, used for the owner's chain writes only (vault, deposit, createStream).
// This process is the client, over libp2p (TCP + multistream-select + Noise XX + Yamux, the
// transport Store clients use): C connections with one client identity (one paying user, C
// clients), each running its queries one after another. The user role of the LIP-155 handshake is
// played here: a session key is generated, the stream proposal is signed with the user's genesis
// test key and sent as the first Store query of the client identity; after the user node created
// the stream, every timed paid query carries a stream proof over its own request (signed before
// the clock starts, so the client's signing is not measured).
//
// Queries are those of bench_delivery (content topic + time window, 20 messages with data per
// page). Both nodes get the same request stream (same seed); paid request ids are unique, so
// every paid query is a fresh request the provider verifies and records.
//
// Usage: [BENCH_MODULES_DIR=dir] bench_paid_vs_free [messages=10000] [queries=1000] [clients=4] [block_ms=1000] [rounds=20] [modes=watch]
// modes: comma-separated paid settings measured each round (default, watch, height, nocache; see
// main). Prints per round free q/s p50 p99, then per mode paid q/s p50 p99 and paid/free, then
// the totals over all rounds.
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <random>

#include <nlohmann/json.hpp>

#include "bench_daemon.h"
#include "eligibility/eligibility_proof_codec.h"
#include "eligibility/signed_payloads.h"
#include "lez/core/schnorr.h"
#include "lez/stream_eligibility/user_rules.h"
#include "lezpay/archive/archive.h"
#include "lezpay/libp2p/identity.h"
#include "lezpay/libp2p/peer_id.h"
#include "lezpay/p2pnet/p2p_connection.h"
#include "lezpay/proto/frame.h"
#include "lezpay/util/hex.h"
#include "lezpay/util/json_parse.h"
#include "waku/canonical_request.h"
#include "waku/store_codec.h"

using nlohmann::json;
using lezpay::p2pnet::P2pConnection;
using lezpay::p2pnet::P2pStreamHandler;
namespace se = lez::stream_eligibility;

namespace {

constexpr int kTimeoutMs = 30000;
const std::string kStoreProtocol(waku::kStoreQueryProtocolId);

[[noreturn]] void die(const std::string& why) {
  std::fprintf(stderr, "bench_paid_vs_free: %s\n", why.c_str());
  std::exit(1);
}

struct Figures {
  std::uint64_t total = 0;
  std::uint64_t failures = 0;
  double qps = 0;
  std::vector<double> latencies;  // microseconds, sorted
  double pct(double p) const {
    return latencies.empty() ? 0 : latencies[std::min(latencies.size() - 1, static_cast<std::size_t>(static_cast<double>(latencies.size()) * p))];
  }
};

// One Store exchange on a Yamux stream: LP(request), FIN, one LP(response).
class StoreStream : public P2pStreamHandler {
 public:
  StoreStream(std::vector<std::uint8_t> request, std::function<void(bool ok, std::string why)> done)
      : request_(std::move(request)), done_(std::move(done)), reader_(waku::kMaxStoreResponseBytes) {}
  ~StoreStream() override { finish(false, "stream dropped"); }
  void onOpen(P2pConnection& c, std::uint32_t id) override {
    c.write(id, lezpay::proto::encodeFrame(request_));
    c.closeWrite(id);
  }
  void onData(P2pConnection&, std::uint32_t, const std::vector<std::uint8_t>& data) override {
    reader_.append(data);
    auto out = reader_.poll();
    if (out.state == lezpay::proto::FrameReader::State::NEED_MORE) return;
    if (out.state == lezpay::proto::FrameReader::State::ERROR) return finish(false, "bad frame");
    auto r = waku::decodeStoreQueryResponse(out.frame);
    if (!r.ok()) return finish(false, r.error().message);
    if (r->status_code != waku::StatusCode::SUCCESS) return finish(false, std::to_string(static_cast<int>(r->status_code)) + " " + r->status_desc);
    finish(true, {});
  }
  void onReset(P2pConnection&, std::uint32_t) override { finish(false, "stream reset"); }

 private:
  void finish(bool ok, std::string why) {
    if (!done_) return;
    auto done = std::move(done_);
    done_ = nullptr;
    done(ok, std::move(why));
  }
  std::vector<std::uint8_t> request_;
  std::function<void(bool, std::string)> done_;
  lezpay::proto::FrameReader reader_;
};

P2pConnection* dialBlocking(std::uint16_t port, const lezpay::libp2p::PeerId& peer, const lezpay::libp2p::Secp256k1Identity* identity,
                            QObject* parent) {
  auto* socket = new QTcpSocket;
  P2pConnection::Options o;
  o.dialer = true;
  o.credential = lezpay::p2pnet::credentialWithFreshStaticKey(*identity);
  o.expectedRemote = peer;
  o.handshakeTimeoutMs = kTimeoutMs;
  auto* conn = new P2pConnection(socket, std::move(o), parent);
  int state = 0;
  QObject::connect(conn, &P2pConnection::established, conn, [&state] { state = state == 0 ? 1 : state; });
  QObject::connect(conn, &P2pConnection::closed, conn, [&state] { state = state == 0 ? 2 : state; });
  socket->connectToHost(QHostAddress::LocalHost, port);
  while (state == 0) QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
  QObject::disconnect(conn, nullptr, nullptr, nullptr);
  if (state != 1) die("cannot connect to the node on port " + std::to_string(port));
  return conn;
}

// Runs the prepared requests: client i sends requests i, i+C, i+2C, ... one after another on its
// own connection. Answers when all have answered.
Figures runClients(const std::vector<P2pConnection*>& conns, const std::vector<std::vector<std::uint8_t>>& requests) {
  Figures f;
  f.total = requests.size();
  f.latencies.reserve(requests.size());
  const std::size_t clients = conns.size();
  std::size_t finished = 0;
  QElapsedTimer wall;
  wall.start();
  std::vector<std::function<void(std::size_t)>> next(clients);
  // The context of the hand-offs below: a hand-off still queued when the last answer arrived dies
  // with this call instead of running in the next one against this call's (gone) locals.
  QObject scope;
  for (std::size_t c = 0; c < clients; ++c) {
    next[c] = [&, c](std::size_t i) {
      if (i >= requests.size()) return;
      const auto t0 = std::chrono::steady_clock::now();
      const bool opened = conns[c]->openStream(kStoreProtocol, std::make_unique<StoreStream>(requests[i], [&, c, i, t0](bool ok, std::string why) {
        f.latencies.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
        if (!ok && f.failures++ == 0) std::fprintf(stderr, "query failed: %s\n", why.c_str());
        ++finished;
        QTimer::singleShot(0, &scope, [&, c, i] { next[c](i + clients); });
      }));
      if (!opened) die("cannot open a stream");
    };
    next[c](c);
  }
  while (finished < requests.size()) QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
  f.qps = static_cast<double>(requests.size()) / (static_cast<double>(wall.nsecsElapsed()) / 1e9);
  std::sort(f.latencies.begin(), f.latencies.end());
  return f;
}

waku::StoreQueryRequest queryOf(const std::string& id, std::mt19937_64& rng, std::uint64_t archived) {
  waku::StoreQueryRequest r;
  r.request_id = id;
  r.include_data = true;
  r.pubsub_topic = bench::kPubsub;
  r.content_topics = {bench::topicName(static_cast<int>(rng() % bench::kTopics))};
  r.time_start = bench::kBaseNs + static_cast<std::int64_t>(rng() % archived) * 1000000;
  r.pagination_forward = true;
  r.pagination_limit = 20;
  return r;
}

std::vector<std::uint8_t> withProof(waku::StoreQueryRequest r, const std::vector<std::uint8_t>& proof) {
  r.eligibility_proof = proof;
  return waku::encodeStoreQueryRequest(r);
}

void row(const char* label, const Figures& f) {
  std::printf("  %-14s %8.0f queries/s  p50 %6.2f ms  p99 %6.2f ms%s\n", label, f.qps, f.pct(0.5) / 1000, f.pct(0.99) / 1000,
              f.failures ? ("  (" + std::to_string(f.failures) + " FAILED)").c_str() : "");
}

json account(const json& genesis, const std::string& name) {
  for (const auto& a : genesis["accounts"]) {
    if (a["name"] == name) return a;
  }
  die("genesis has no account " + name);
}

json chainAction(bench::Daemon& d, const std::string& op, const json& params) {
  return d.call("payment_streams_module", "chainAction", {QString::fromStdString(op), QString::fromStdString("json:" + params.dump())});
}

void startWallet(bench::Daemon& d, const QString& url, const std::string& secretHex) {
  d.call("wallet_module", "configure", {url});
  d.call("wallet_module", "create_new", {"str:bench password"});
  d.call("wallet_module", "import_account_private_key", {QString::fromStdString("str:" + secretHex)});
}

json startStoreNode(bench::Daemon& d, const std::string& dbPath) {
  const json cfg{{"archiveUrl", "sqlite:" + dbPath}, {"retentionPolicy", "none"}, {"transport", "libp2p"}};
  d.call("delivery_module", "createNode", {QString::fromStdString("json:" + cfg.dump())});
  d.call("delivery_module", "start");
  return d.call("delivery_module", "getNodeInfo");
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  const std::uint64_t messages = argc > 1 ? std::stoull(argv[1]) : 10000;
  // Many short rounds by default: free and paid alternate every 1,000 queries, so a machine whose
  // speed drifts within seconds weighs on both alike (docs/decisions.md, the paid path).
  const std::uint64_t queries = argc > 2 ? std::stoull(argv[2]) : 1000;
  const int clients = argc > 3 ? std::stoi(argv[3]) : 4;
  const int blockMs = argc > 4 ? std::stoi(argv[4]) : 1000;
  const int rounds = argc > 5 ? std::stoi(argv[5]) : 20;
  const char* modesArg = argc > 6 ? argv[6] : "watch";
  if (messages == 0 || queries == 0 || clients < 1 || blockMs < 10 || rounds < 1) {
    std::fprintf(stderr, "usage: bench_paid_vs_free [messages>0] [queries>0] [clients>0] [block_ms>=10] [rounds>0]\n");
    return 2;
  }
  QTemporaryDir tmp(QDir::tempPath() + "/lzp-bench-XXXXXX");
  QFile genesisFile(GENESIS_FILE);
  if (!genesisFile.open(QIODevice::ReadOnly)) die("cannot read " GENESIS_FILE);
  const json genesis = lezpay::util::parseJson(genesisFile.readAll().toStdString()).value();
  const json user = account(genesis, "user");
  const json provider = account(genesis, "provider");

  // The archive, seeded once and copied for each node.
  const std::string dbFree = tmp.filePath("free.sqlite").toStdString();
  const std::string dbPaid = tmp.filePath("paid.sqlite").toStdString();
  {
    auto opened = lezpay::archive::openArchive({"sqlite:" + dbFree, {}});
    if (!opened.ok()) die("cannot open the archive: " + opened.error().message);
    auto archive = std::move(opened).value();
    std::vector<lezpay::archive::ArchivedMessage> batch;
    for (std::uint64_t i = 0; i < messages; ++i) {
      batch.push_back(bench::makeMessage(i));
      if (batch.size() == 1000 || i + 1 == messages) {
        if (auto r = archive->insertBatch(batch); !r.ok()) die("insertBatch: " + r.error().message);
        batch.clear();
      }
    }
  }
  if (!QFile::copy(QString::fromStdString(dbFree), QString::fromStdString(dbPaid))) die("cannot copy the archive");

  // The chain.
  QProcess localnet;
  const QString portFile = tmp.filePath("localnet.port");
  localnet.setProcessChannelMode(QProcess::MergedChannels);
  localnet.setStandardOutputFile(tmp.filePath("localnet.log"));
  localnet.start(LOCALNET_BIN, {"--data-dir", tmp.filePath("chain"), "--port", "0", "--port-file", portFile, "--genesis", GENESIS_FILE,
                                "--block-interval-ms", QString::number(blockMs)});
  for (int i = 0; i < 500 && !QFile::exists(portFile); ++i) QThread::msleep(20);
  QFile pf(portFile);
  if (!pf.open(QIODevice::ReadOnly)) die("lez-localnet did not start");
  const QString chainUrl = "http://127.0.0.1:" + QString::fromUtf8(pf.readAll()).trimmed();

  // The nodes. BENCH_MODULES_DIR runs other builds of the modules (e.g. an older tree's) under
  // this tree's logoscore.
  const QString modulesDir = qEnvironmentVariable("BENCH_MODULES_DIR", MODULES_DIR);
  for (const char* d : {"free", "paid", "user"}) QDir().mkpath(tmp.filePath(d));
  bench::Daemon freeNode, paidNode, userNode;
  freeNode.start(tmp.filePath("free"), {modulesDir});
  freeNode.cli({"load-module", "delivery_module"});
  const json freeInfo = startStoreNode(freeNode, dbFree);

  paidNode.start(tmp.filePath("paid"), {modulesDir});
  paidNode.cli({"load-module", "payment_streams_module"});
  paidNode.cli({"load-module", "delivery_module"});
  startWallet(paidNode, chainUrl, provider["secret_key_hex"].get<std::string>());
  chainAction(paidNode, "configureProviderPolicy", {{"provider_account", provider["account_id"]}});
  const json paidInfo = startStoreNode(paidNode, dbPaid);
  paidNode.call("delivery_module", "setEligibilityVerifier", {"payment_streams_module"});

  userNode.start(tmp.filePath("user"), {modulesDir});
  userNode.cli({"load-module", "payment_streams_module"});
  startWallet(userNode, chainUrl, user["secret_key_hex"].get<std::string>());
  chainAction(userNode, "initializeVault", {{"owner", user["account_id"]}, {"vault_id", 0}});
  chainAction(userNode, "deposit", {{"owner", user["account_id"]}, {"vault_id", 0}, {"amount", "10000000"}});

  // The client: one identity, C connections to each node.
  auto identity = lezpay::libp2p::Secp256k1Identity::fromSecret(lezpay::p2pnet::randomKey32());
  auto freePeer = lezpay::libp2p::parsePeerId(freeInfo["peerId"].get<std::string>());
  auto paidPeer = lezpay::libp2p::parsePeerId(paidInfo["peerId"].get<std::string>());
  if (!identity.ok() || !freePeer.ok() || !paidPeer.ok()) die("cannot read the nodes' peer ids");
  QObject owner;
  std::vector<P2pConnection*> freeConns, paidConns;
  for (int c = 0; c < clients; ++c) {
    freeConns.push_back(dialBlocking(static_cast<std::uint16_t>(freeInfo["port"].get<int>()), *freePeer, &*identity, &owner));
    paidConns.push_back(dialBlocking(static_cast<std::uint16_t>(paidInfo["port"].get<int>()), *paidPeer, &*identity, &owner));
  }

  // The handshake: a proposal signed with the owner's key, sent as a Store query.
  const auto ownerKey = lez::core::SecretKey::fromHex(user["secret_key_hex"].get<std::string>()).value();
  const auto sessionKey = lez::core::SecretKey::generate().value();
  se::UserTerms terms;
  terms.owner = lez::core::AccountId::fromBase58(user["account_id"].get<std::string>()).value();
  terms.vaultId = 0;
  terms.rate = 1;
  terms.allocation = 1000000;
  const auto providerId = lez::core::AccountId::fromBase58(provider["account_id"].get<std::string>()).value();
  const std::uint64_t deadline = static_cast<std::uint64_t>(QDateTime::currentSecsSinceEpoch()) + 120;
  auto proposal = se::unsignedProposal(terms, providerId, ownerKey.publicKey().bytes(), sessionKey.publicKey().bytes(), deadline);
  proposal.vault_proof.owner_signature = lez::core::sign(ownerKey, eligibility::vaultOwnerAuthDigest(proposal)).value().bytes;
  std::mt19937_64 setupRng(7);
  const auto proposalQuery = queryOf("bench-proposal", setupRng, messages);
  const Figures accepted = runClients({paidConns[0]}, {withProof(proposalQuery, eligibility::encodeEligibilityProof(eligibility::EligibilityProof{proposal}))});
  if (accepted.failures) die("the provider refused the stream proposal");
  const json created = chainAction(userNode, "createStream", {{"owner", user["account_id"]}, {"vault_id", 0}, {"provider", provider["account_id"]},
                                                              {"rate", terms.rate}, {"allocation", std::to_string(terms.allocation)}});
  const std::uint64_t streamId = created["stream_id"].get<std::uint64_t>();

  // Requests: the same query stream for both nodes; paid ones carry a proof over their own N8.
  auto prepare = [&](const std::string& prefix, std::uint64_t count, std::uint64_t seed, bool paid) {
    std::mt19937_64 rng(seed);
    std::vector<std::vector<std::uint8_t>> out;
    out.reserve(count);
    for (std::uint64_t i = 0; i < count; ++i) {
      const auto r = queryOf(prefix + std::to_string(i), rng, messages);
      if (!paid) {
        out.push_back(waku::encodeStoreQueryRequest(r));
        continue;
      }
      const auto n8 = waku::canonicalStoreRequest(r);
      out.push_back(withProof(r, se::buildStreamProof(sessionKey, streamId, n8).value()));
    }
    return out;
  };
  std::printf("paid vs free Store queries: %llu archived messages, %d clients (libp2p connections, one client identity), "
              "a block every %d ms, %llu queries per node per round\n",
              static_cast<unsigned long long>(messages), clients, blockMs, static_cast<unsigned long long>(queries));
  // Warm-up: page cache, statements, both nodes' code paths, the provider's first binding.
  runClients(freeConns, prepare("warm-free-", 200, 1, false));
  const Figures warm = runClients(paidConns, prepare("warm-paid-", 200, 1, true));
  if (warm.failures) die("paid warm-up queries failed");

  // Paid modes (payment_streams_module configure), each measured every round:
  //   default  the module's settings as they are (the only mode an older module understands);
  //   watch    the chain watch: no chain read per query while its height is fresh;
  //   height   one block-height read per query (chain_view_max_age_ms=0), accounts once per block;
  //   nocache  verify_read_cache=false: the stream and the clock read on every query.
  struct Mode {
    std::string name;
    Figures all;
    double secs = 0;
  };
  std::vector<Mode> modes;
  for (const QString& m : QString(modesArg).split(',', Qt::SkipEmptyParts)) modes.push_back({m.toStdString(), {}, 0});
  const auto configureMode = [&](const std::string& name) {
    if (name == "watch") chainAction(paidNode, "configure", {{"verify_read_cache", true}, {"chain_view_max_age_ms", 25}});
    else if (name == "height") chainAction(paidNode, "configure", {{"verify_read_cache", true}, {"chain_view_max_age_ms", 0}});
    else if (name == "nocache") chainAction(paidNode, "configure", {{"verify_read_cache", false}});
    else if (name != "default") die("unknown mode " + name + " (default, watch, height, nocache)");
  };
  std::printf("paid node pid %lld\n", static_cast<long long>(paidNode.proc.processId()));
  std::fflush(stdout);
  Mode freeAll{"free", {}, 0};
  const auto add = [](Mode& into, const Figures& one) {
    into.all.latencies.insert(into.all.latencies.end(), one.latencies.begin(), one.latencies.end());
    into.all.failures += one.failures;
    into.all.total += one.total;
    into.secs += static_cast<double>(one.total) / one.qps;
  };
  int serial = 0;
  for (int round = 0; round < rounds; ++round) {
    std::printf("round %d\n", round + 1);
    const auto freeRequests = prepare("free-" + std::to_string(round) + "-", queries, 100 + round, false);
    const Figures free = runClients(freeConns, freeRequests);
    row("free", free);
    add(freeAll, free);
    for (Mode& mode : modes) {
      configureMode(mode.name);
      const auto paidRequests = prepare("paid-" + std::to_string(serial++) + "-", queries, 100 + round, true);
      const Figures paid = runClients(paidConns, paidRequests);
      row(("paid " + mode.name).c_str(), paid);
      std::printf("  %-14s paid/free %.2f\n", mode.name.c_str(), paid.qps / free.qps);
      add(mode, paid);
    }
    std::fflush(stdout);
  }
  const auto finish = [](Mode& m) {
    m.all.qps = static_cast<double>(m.all.total) / m.secs;
    std::sort(m.all.latencies.begin(), m.all.latencies.end());
  };
  finish(freeAll);
  std::printf("all rounds\n");
  row("free", freeAll.all);
  bool failed = freeAll.all.failures > 0;
  for (Mode& mode : modes) {
    finish(mode);
    row(("paid " + mode.name).c_str(), mode.all);
    std::printf("  %-14s paid/free %.2f  (target >= 0.80, paid p99 < 5 ms)\n", mode.name.c_str(), mode.all.qps / freeAll.all.qps);
    failed = failed || mode.all.failures > 0;
  }
  const json sessions = chainAction(paidNode, "listProviderSessions", json::object());
  std::printf("provider sessions: %s\n", sessions["sessions"].dump().c_str());

  for (P2pConnection* c : freeConns) c->close("", "");
  for (P2pConnection* c : paidConns) c->close("", "");
  for (bench::Daemon* d : {&freeNode, &paidNode, &userNode}) {
    d->cli({"stop"});
    d->proc.waitForFinished(10000);
  }
  localnet.terminate();
  localnet.waitForFinished(5000);
  return failed ? 1 : 0;
}

// lez-localnet: a local LEZ sequencer. JSON-RPC 2.0 over HTTP POST on 127.0.0.1 (LEZ spec §11),
// a block every --block-interval-ms, durable SQLite state under --data-dir. With --manual-blocks
// (tests only, never the default) no timer runs: the produceBlock method makes each block at the
// timestamp its caller chooses, so tests move the chain's clock instead of sleeping.
#include <QCoreApplication>
#include <QHostAddress>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <sys/socket.h>
#include <unistd.h>

#include <QSocketNotifier>
#include <chrono>

#include "lezpay/fileio/atomic_file.h"
#include "lezpay/net/http_server.h"
#include "lezpay/util/hex.h"
#include "rpc_service.h"

namespace {

const char* kUsage =
    "usage: lez-localnet --data-dir DIR [--port 3040] [--listen-address 127.0.0.1] [--block-interval-ms 1000]\n"
    "                    [--genesis FILE] [--faucet] [--port-file FILE] [--at-program-id HEX] [--clock-program-id HEX]\n"
    "                    [--streams-program-id HEX] [--manual-blocks]\n";

int fail(const std::string& m) {
  std::fprintf(stderr, "lez-localnet: %s\n%s", m.c_str(), kUsage);
  return 1;
}

int signalPipe[2] = {-1, -1};
void onSignal(int) {
  char c = 1;
  [[maybe_unused]] auto n = ::write(signalPipe[1], &c, 1);
}

bool parseNumber(const std::string& s, long long lo, long long hi, long long& out) {
  char* end = nullptr;
  out = std::strtoll(s.c_str(), &end, 10);
  return !s.empty() && *end == '\0' && out >= lo && out <= hi;
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  std::string dataDir, genesisPath = LEZPAY_DEFAULT_GENESIS, portFile, listen = "127.0.0.1";
  long long port = 3040, interval = 1000;
  bool manualBlocks = false, intervalGiven = false;
  lez::localnet::SequencerConfig config;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&](std::string& out) {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    std::string v;
    if (a == "--data-dir") {
      if (!next(dataDir)) return fail("--data-dir needs a directory");
    } else if (a == "--port") {
      if (!next(v) || !parseNumber(v, 0, 65535, port)) return fail("--port needs a port number (0 = any free port)");
    } else if (a == "--listen-address") {
      if (!next(listen)) return fail("--listen-address needs an address");
    } else if (a == "--block-interval-ms") {
      if (!next(v) || !parseNumber(v, 10, 3600000, interval)) return fail("--block-interval-ms needs 10..3600000");
      intervalGiven = true;
    } else if (a == "--manual-blocks") {
      manualBlocks = true;
    } else if (a == "--genesis") {
      if (!next(genesisPath)) return fail("--genesis needs a file");
    } else if (a == "--port-file") {
      if (!next(portFile)) return fail("--port-file needs a file");
    } else if (a == "--faucet") {
      config.faucet = true;
    } else if (a == "--at-program-id" || a == "--clock-program-id" || a == "--streams-program-id") {
      if (!next(v)) return fail(a + " needs 64 hex digits");
      auto id = lez::core::ProgramId::fromHex(v);
      if (!id.ok()) return fail(a + ": " + id.error().message);
      (a == "--at-program-id" ? config.atProgram : a == "--clock-program-id" ? config.clockProgram : config.streamsProgram) = id.value();
    } else if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else {
      return fail("unknown argument '" + a + "'");
    }
  }
  if (dataDir.empty()) return fail("--data-dir is required");
  if (manualBlocks && intervalGiven) {
    return fail("--manual-blocks and --block-interval-ms exclude each other: with --manual-blocks only produceBlock makes blocks");
  }
  QHostAddress address;
  if (!address.setAddress(QString::fromStdString(listen))) return fail("--listen-address: '" + listen + "' is not an IP address");
  auto dirs = lezpay::fileio::makePrivateDirs(dataDir);
  if (!dirs.ok()) return fail(dirs.error().message);

  // The sequencer signs blocks with its own key, created once and kept 0600 in the data dir.
  const std::string keyPath = dataDir + "/sequencer_key.hex";
  auto keyText = lezpay::fileio::readFile(keyPath);
  std::optional<lez::core::SecretKey> key;
  if (keyText.ok()) {
    auto k = lez::core::SecretKey::fromHex(keyText.value().substr(0, 64));
    if (!k.ok()) return fail(keyPath + ": " + k.error().message);
    key = k.value();
  } else {
    auto k = lez::core::SecretKey::generate();
    if (!k.ok()) return fail(k.error().message);
    key = k.value();
    auto st = lezpay::fileio::writeFileAtomic(keyPath, lezpay::util::toHex(key->exposeSecret()) + "\n", 0600);
    if (!st.ok()) return fail(st.error().message);
  }
  auto genesisText = lezpay::fileio::readFile(genesisPath);
  if (!genesisText.ok()) return fail("--genesis: " + genesisText.error().message);
  auto genesis = lez::localnet::parseGenesis(genesisText.value(), config.atProgram, config.clockProgram);
  if (!genesis.ok()) return fail(genesis.error().message);
  auto store = lez::localnet::ChainStore::open(dataDir + "/chain.sqlite");
  if (!store.ok()) return fail(store.error().message);
  auto sequencer = lez::localnet::Sequencer::open(std::move(store.value()), config, genesis.value(), *key);
  if (!sequencer.ok()) return fail(sequencer.error().message);
  lez::localnet::RpcService rpc(*sequencer.value(), manualBlocks);

  lezpay::net::HttpServerOptions options;
  options.address = address;
  options.port = static_cast<quint16>(port);
  options.limits.maxBodyBytes = 2 * 1024 * 1024;  // a 1 MiB transaction in base64 plus the envelope
  lezpay::net::HttpServer server(options, [&rpc](const lezpay::http::HttpRequest& req, lezpay::net::Responder respond) {
    lezpay::http::HttpResponse r;
    r.setHeader("content-type", "application/json");
    if (req.method != "POST") {
      r.status = 405;
      r.setHeader("allow", "POST");
      r.body = "{\"error\":\"lez-localnet speaks JSON-RPC 2.0 over HTTP POST\"}";
    } else {
      r.body = rpc.handle(req.body);
      if (r.body.empty()) r.status = 204;
    }
    respond(std::move(r));
  });
  auto listening = server.listen();
  if (!listening.ok()) return fail(listening.error().message);
  if (!portFile.empty()) {
    auto st = lezpay::fileio::writeFileAtomic(portFile, std::to_string(server.port()) + "\n", 0600);
    if (!st.ok()) return fail(st.error().message);
  }

  // Blocks and RPC share this thread. The server never blocks on a client (it stops reading a
  // client whose answers are unread and handles requests in short turns), so this timer fires
  // on schedule under any RPC load; a precise timer keeps the interval exact.
  QTimer blocks;
  blocks.setTimerType(Qt::PreciseTimer);
  blocks.setInterval(static_cast<int>(interval));
  QObject::connect(&blocks, &QTimer::timeout, [&] {
    const auto now = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    auto produced = sequencer.value()->produceBlock(now);
    if (!produced.ok()) std::fprintf(stderr, "lez-localnet: block production failed: %s\n", produced.error().message.c_str());
  });
  if (!manualBlocks) blocks.start();

  if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) == 0) {
    auto* notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, [&] {
      std::fprintf(stderr, "lez-localnet: stopping\n");
      blocks.stop();
      server.close();
      QCoreApplication::quit();
    });
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
  }
  const std::string pace = manualBlocks ? "blocks only through produceBlock (--manual-blocks)" : "a block every " + std::to_string(interval) + " ms";
  std::fprintf(stderr, "lez-localnet: listening on %s:%u, block %llu, %s%s\n", listen.c_str(), server.port(),
               static_cast<unsigned long long>(sequencer.value()->lastBlockId()), pace.c_str(),
               sequencer.value()->faucetEnabled() ? ", faucet on" : "");
  return QCoreApplication::exec();
}

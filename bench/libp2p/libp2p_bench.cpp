// bench_libp2p: figures of the pure libp2p layer, all in memory (no sockets):
//   - Noise XX handshakes per second, initiator + responder in one thread, with secp256k1
//     signatures and verification of the libp2p payload (what one connection upgrade costs);
//   - Yamux throughput of one stream, MB/s, raw and inside the Noise transport (ChaCha20-Poly1305
//     both ways), with windows granted as the receiver reads.
// Usage: bench_libp2p [handshakes=2000] [megabytes=256]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "lezpay/libp2p/noise_session.h"
#include "lezpay/libp2p/yamux_session.h"

using namespace lezpay::libp2p;
using Clock = std::chrono::steady_clock;

namespace {

Key32 keyFrom(std::uint64_t n, std::uint8_t salt) {
  Key32 k{};
  for (int i = 0; i < 8; ++i) k[i] = static_cast<std::uint8_t>(n >> (8 * i));
  k[31] = salt;
  k[30] = 0x5a;
  return k;
}

void die(const char* what, const lezpay::util::Error& e) {
  std::fprintf(stderr, "%s: %s %s\n", what, e.code.c_str(), e.message.c_str());
  std::exit(1);
}

struct Pair {
  NoiseTransport dialer;
  NoiseTransport listener;
};

Pair handshake(const Secp256k1Identity& a, const Secp256k1Identity& b, std::uint64_t n) {
  // The signature over the static key is made per handshake here, as a process that signs for
  // each connection would; the delivery node signs once per process (noise_credential.h).
  const auto ca = noiseCredentialFromIdentity(a, keyFrom(1, 1));
  const auto cb = noiseCredentialFromIdentity(b, keyFrom(2, 3));
  if (!ca.ok() || !cb.ok()) std::exit(1);
  auto d = NoiseHandshake::create({true, &*ca, keyFrom(n, 2), PeerId::fromPublicKey(b.publicKey())});
  auto l = NoiseHandshake::create({false, &*cb, keyFrom(n, 4), std::nullopt});
  if (!d.ok() || !l.ok()) std::exit(1);
  auto msgB = l.value().feed(d.value().start());
  if (!msgB.ok()) die("B", msgB.error());
  auto msgC = d.value().feed(msgB->output);
  if (!msgC.ok()) die("C", msgC.error());
  auto end = l.value().feed(msgC->output);
  if (!end.ok() || !end->done) std::exit(1);
  return {d.value().takeTransport(), l.value().takeTransport()};
}

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// Moves `megabytes` MiB over one stream from client to server; answers MB/s (10^6 bytes).
double yamuxThroughput(std::size_t megabytes, Pair* noise) {
  YamuxSession client(YamuxConfig{true});
  YamuxSession server(YamuxConfig{false});
  const auto id = *client.openStream();
  const std::vector<std::uint8_t> chunk(1 << 20, 0x42);
  std::size_t received = 0;
  const std::size_t total = megabytes << 20;
  std::size_t written = 0;
  std::vector<std::uint8_t> plain;
  auto carry = [&](YamuxSession& from, YamuxSession& to, NoiseTransport* enc, NoiseTransport* dec) {
    if (!from.hasOutput()) return;
    auto bytes = from.takeOutput();
    if (enc) {
      auto c = enc->encrypt(bytes);
      plain.clear();
      if (!c.ok() || !dec->decrypt(*c, plain).ok()) std::exit(1);
      if (!to.feed(plain).ok()) std::exit(1);
    } else if (!to.feed(bytes).ok()) {
      std::exit(1);
    }
  };
  const auto start = Clock::now();
  while (received < total) {
    if (written < total && client.queuedForSend(id) < chunk.size()) {
      if (!client.write(id, chunk).ok()) std::exit(1);
      written += chunk.size();
    }
    carry(client, server, noise ? &noise->dialer : nullptr, noise ? &noise->listener : nullptr);
    while (auto e = server.nextEvent()) {
    }
    received += server.read(id).size();
    carry(server, client, noise ? &noise->listener : nullptr, noise ? &noise->dialer : nullptr);
  }
  return static_cast<double>(total) / 1e6 / seconds(start);
}

}  // namespace

int main(int argc, char** argv) {
  const int handshakes = argc > 1 ? std::atoi(argv[1]) : 2000;
  const std::size_t megabytes = argc > 2 ? static_cast<std::size_t>(std::atoi(argv[2])) : 256;
  const auto a = *Secp256k1Identity::fromSecret(std::vector<std::uint8_t>(32, 1));
  const auto b = *Secp256k1Identity::fromSecret(std::vector<std::uint8_t>(32, 2));
  const auto start = Clock::now();
  for (int i = 0; i < handshakes; ++i) (void)handshake(a, b, static_cast<std::uint64_t>(i) + 10);
  const double hs = handshakes / seconds(start);
  std::printf("noise_xx_handshakes_per_second %.0f (%d handshakes, initiator + responder, secp256k1 payloads)\n", hs, handshakes);
  std::printf("yamux_one_stream_MBps %.0f (%zu MiB, in memory)\n", yamuxThroughput(megabytes, nullptr), megabytes);
  Pair p = handshake(a, b, 1);
  std::printf("yamux_over_noise_one_stream_MBps %.0f (%zu MiB, encrypt + decrypt in one thread)\n", yamuxThroughput(megabytes, &p), megabytes);
  return 0;
}

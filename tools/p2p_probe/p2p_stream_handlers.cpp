#include "p2p_stream_handlers.h"

#include <openssl/rand.h>

#include <cstdlib>

#include "lezpay/libp2p/key_codec.h"
#include "lezpay/libp2p/peer_id.h"
#include "lezpay/proto/frame.h"

using namespace lezpay::libp2p;

void IdentifyServer::onOpen(P2pConnection& c, std::uint32_t id) {
  c.write(id, lezpay::proto::encodeFrame(encodeIdentify(message_)));
  c.closeWrite(id);
}

void IdentifyClient::onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) {
  buf_.insert(buf_.end(), data.begin(), data.end());
  if (buf_.size() > kMaxIdentifyBytes + 8 && !finished_) {
    finished_ = true;
    c.reset(id);
    done_(false, "identify answer above 64 KiB", {});
  }
}

void IdentifyClient::onRemoteClose(P2pConnection& c, std::uint32_t id) {
  if (finished_) return;
  finished_ = true;
  c.closeWrite(id);
  auto payload = lezpay::proto::decodeFrame(buf_, kMaxIdentifyBytes);
  if (!payload.ok()) return done_(false, QString::fromStdString("identify frame: " + payload.error().message), {});
  auto msg = decodeIdentify(*payload);
  if (!msg.ok()) return done_(false, QString::fromStdString(msg.error().code + ": " + msg.error().message), {});
  if (!msg->publicKey) return done_(false, "identify carries no public key", *msg);
  auto key = decodePublicKey(*msg->publicKey);
  if (!key.ok()) return done_(false, QString::fromStdString("identify public key: " + key.error().message), *msg);
  if (!(PeerId::fromPublicKey(*key) == c.remotePeer())) {
    return done_(false, "identify public key is not the key the Noise handshake authenticated", *msg);
  }
  done_(true, {}, *msg);
}

void IdentifyClient::onReset(P2pConnection&, std::uint32_t) {
  if (finished_) return;
  finished_ = true;
  done_(false, "identify stream reset by the peer", {});
}

void PingServer::onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) {
  buf_.insert(buf_.end(), data.begin(), data.end());
  while (buf_.size() >= 32) {
    c.write(id, std::vector<std::uint8_t>(buf_.begin(), buf_.begin() + 32));
    buf_.erase(buf_.begin(), buf_.begin() + 32);
  }
}

void PingServer::onRemoteClose(P2pConnection& c, std::uint32_t id) { c.closeWrite(id); }

void PingClient::onOpen(P2pConnection& c, std::uint32_t id) {
  sent_.resize(32);
  if (RAND_bytes(sent_.data(), 32) != 1) std::abort();
  timer_.start();
  c.write(id, sent_);
}

void PingClient::onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) {
  if (finished_) return;
  got_.insert(got_.end(), data.begin(), data.end());
  if (got_.size() < 32) return;
  finished_ = true;
  const qint64 us = timer_.nsecsElapsed() / 1000;
  c.closeWrite(id);
  if (!std::equal(sent_.begin(), sent_.end(), got_.begin())) return done_(false, "the ping echo differs from what was sent");
  done_(true, QString::number(us));
}

void PingClient::onReset(P2pConnection&, std::uint32_t) {
  if (finished_) return;
  finished_ = true;
  done_(false, "ping stream reset by the peer");
}

void EchoServer::onData(P2pConnection& c, std::uint32_t id, const std::vector<std::uint8_t>& data) { c.write(id, data); }

void EchoServer::onRemoteClose(P2pConnection& c, std::uint32_t id) { c.closeWrite(id); }

void EchoClient::onOpen(P2pConnection& c, std::uint32_t id) {
  c.write(id, payload_);
  c.closeWrite(id);
}

void EchoClient::onData(P2pConnection&, std::uint32_t, const std::vector<std::uint8_t>& data) {
  got_.insert(got_.end(), data.begin(), data.end());
}

void EchoClient::onRemoteClose(P2pConnection&, std::uint32_t) {
  if (finished_) return;
  finished_ = true;
  if (got_ != payload_) {
    return done_(false, QString("echo returned %1 bytes for %2 sent, or different bytes").arg(got_.size()).arg(payload_.size()));
  }
  done_(true, QString::number(payload_.size()));
}

void EchoClient::onReset(P2pConnection&, std::uint32_t) {
  if (finished_) return;
  finished_ = true;
  done_(false, "echo stream reset by the peer");
}

#include "lezpay/libp2p/noise_session.h"

#include <algorithm>

#include "lezpay/libp2p/error.h"
#include "lezpay/libp2p/noise_payload_codec.h"

namespace lezpay::libp2p {
namespace {

void appendFrameHeader(std::vector<std::uint8_t>& out, std::size_t len) {
  out.push_back(static_cast<std::uint8_t>(len >> 8));
  out.push_back(static_cast<std::uint8_t>(len & 0xff));
}

}  // namespace

lezpay::util::Result<std::vector<std::uint8_t>> NoiseTransport::encrypt(std::span<const std::uint8_t> plaintext) {
  if (failed_) return makeError(ErrorCode::NOISE_DECRYPT_FAILED, "the Noise transport already failed");
  std::vector<std::uint8_t> out;
  const std::size_t frames = (plaintext.size() + kNoiseMaxPlaintextBytes - 1) / kNoiseMaxPlaintextBytes;
  out.reserve(plaintext.size() + frames * (2 + kNoiseTagBytes));
  while (!plaintext.empty()) {
    const std::size_t n = std::min(plaintext.size(), kNoiseMaxPlaintextBytes);
    appendFrameHeader(out, n + kNoiseTagBytes);
    if (auto s = send_.encryptAppend(plaintext.first(n), out); !s.ok()) {
      failed_ = true;
      return s.error();
    }
    plaintext = plaintext.subspan(n);
  }
  return out;
}

lezpay::util::Status NoiseTransport::decrypt(std::span<const std::uint8_t> bytes, std::vector<std::uint8_t>& out) {
  if (failed_) return makeError(ErrorCode::NOISE_DECRYPT_FAILED, "the Noise transport already failed");
  // Whole frames straight from the input; only a trailing partial frame is copied.
  auto consume = [&](std::span<const std::uint8_t> frame) -> lezpay::util::Status {
    auto s = receive_.decryptAppend(frame, out);
    if (!s.ok()) failed_ = true;
    return s;
  };
  while (!bytes.empty()) {
    if (buf_.empty() && bytes.size() >= 2) {
      const std::size_t len = (std::size_t{bytes[0]} << 8) | bytes[1];
      if (bytes.size() >= 2 + len) {
        if (auto s = consume(bytes.subspan(2, len)); !s.ok()) return s;
        bytes = bytes.subspan(2 + len);
        continue;
      }
    }
    // A frame split across reads: buffer until its header and body are complete.
    const std::size_t need = buf_.size() < 2 ? 2 : 2 + ((std::size_t{buf_[0]} << 8) | buf_[1]);
    const std::size_t take = std::min(bytes.size(), need - buf_.size());
    buf_.insert(buf_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(take));
    bytes = bytes.subspan(take);
    if (buf_.size() >= 2 && buf_.size() == 2 + ((std::size_t{buf_[0]} << 8) | buf_[1])) {
      auto s = consume(std::span<const std::uint8_t>(buf_).subspan(2));
      buf_.clear();
      if (!s.ok()) return s;
    }
  }
  return lezpay::util::okStatus();
}

lezpay::util::Result<NoiseHandshake> NoiseHandshake::create(const NoiseConfig& config) {
  auto e = X25519KeyPair::fromPrivate(std::span<const std::uint8_t, 32>(config.ephemeralPrivate));
  if (!e.ok()) return e.error();
  return NoiseHandshake(config, NoiseXXHandshakeState(config.initiator, {}, config.credential->staticKey, *e));
}

std::vector<std::uint8_t> NoiseHandshake::ourPayload() const {
  NoiseHandshakePayload p;
  p.identityKey = encodePublicKey(config_.credential->identityKey);
  p.identitySig = config_.credential->identitySig;
  return encodeNoiseHandshakePayload(p);
}

lezpay::util::Result<std::vector<std::uint8_t>> NoiseHandshake::framed(std::span<const std::uint8_t> payload) {
  auto msg = state_.writeMessage(payload);
  if (!msg.ok()) return msg.error();
  std::vector<std::uint8_t> out;
  appendFrameHeader(out, msg->size());
  out.insert(out.end(), msg->begin(), msg->end());
  return out;
}

std::vector<std::uint8_t> NoiseHandshake::start() {
  if (!config_.initiator || state_.step() != 0) return {};
  auto a = framed({});
  if (!a.ok()) {
    failed_ = true;
    return {};
  }
  return std::move(a).value();
}

lezpay::util::Status NoiseHandshake::acceptPayload(std::span<const std::uint8_t> payload) {
  auto decoded = decodeNoiseHandshakePayload(payload);
  if (!decoded.ok()) return decoded.error();
  auto key = decodePublicKey(decoded->identityKey);
  if (!key.ok()) {
    return makeError(ErrorCode::NOISE_BAD_PAYLOAD, "the remote identity key does not decode: " + key.error().message);
  }
  const auto sigMsg = noiseStaticKeyMessage(state_.remoteStatic());
  if (auto v = verifySignature(*key, sigMsg, decoded->identitySig); !v.ok()) {
    if (v.error().code == toString(ErrorCode::INVALID_SIGNATURE)) {
      return makeError(ErrorCode::NOISE_BAD_SIGNATURE,
                       "the remote identity's signature over its Noise static key does not verify: " + v.error().message);
    }
    return v.error();
  }
  PeerId peer = PeerId::fromPublicKey(*key);
  if (peer == self_) {
    return makeError(ErrorCode::NOISE_SELF_CONNECTION, "the remote peer presents our own identity");
  }
  if (config_.expectedRemote && !(peer == *config_.expectedRemote)) {
    return makeError(ErrorCode::NOISE_PEER_ID_MISMATCH,
                     "the remote is " + peer.toBase58() + ", not the dialed " + config_.expectedRemote->toBase58());
  }
  remoteKey_ = std::move(key).value();
  remotePeer_ = std::move(peer);
  return lezpay::util::okStatus();
}

lezpay::util::Result<NoiseStep> NoiseHandshake::feed(std::span<const std::uint8_t> bytes) {
  if (failed_) return makeError(ErrorCode::NOISE_MALFORMED_MESSAGE, "the Noise handshake already failed");
  NoiseStep step;
  buf_.insert(buf_.end(), bytes.begin(), bytes.end());
  while (!done_ && buf_.size() >= 2) {
    const std::size_t len = (std::size_t{buf_[0]} << 8) | buf_[1];
    if (buf_.size() < 2 + len) break;
    const std::vector<std::uint8_t> message(buf_.begin() + 2, buf_.begin() + 2 + static_cast<std::ptrdiff_t>(len));
    buf_.erase(buf_.begin(), buf_.begin() + 2 + static_cast<std::ptrdiff_t>(len));
    const int index = state_.step();
    auto payload = state_.readMessage(message);
    if (!payload.ok()) {
      failed_ = true;
      return payload.error();
    }
    if (index == 0) {
      // Message A carries no payload in libp2p; anything there is ignored as js and nim do.
      auto b = framed(ourPayload());
      if (!b.ok()) {
        failed_ = true;
        return b.error();
      }
      step.output.insert(step.output.end(), b->begin(), b->end());
    } else {
      if (auto s = acceptPayload(*payload); !s.ok()) {
        failed_ = true;
        return s.error();
      }
      if (index == 1) {
        auto c = framed(ourPayload());
        if (!c.ok()) {
          failed_ = true;
          return c.error();
        }
        step.output.insert(step.output.end(), c->begin(), c->end());
      }
      done_ = true;
    }
  }
  step.done = done_;
  return step;
}

NoiseTransport NoiseHandshake::takeTransport() const {
  auto [send, receive] = state_.split();
  return NoiseTransport(std::move(send), std::move(receive));
}

std::vector<std::uint8_t> NoiseHandshake::takeRemainder() { return std::exchange(buf_, {}); }

}  // namespace lezpay::libp2p

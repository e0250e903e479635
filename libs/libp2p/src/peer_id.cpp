#include "lezpay/libp2p/peer_id.h"

#include <algorithm>

#include "lezpay/libp2p/error.h"
#include "lezpay/proto/varint.h"
#include "lezpay/util/base58.h"
#include "lezpay/util/sha256.h"

namespace lezpay::libp2p {
namespace {

constexpr std::uint8_t kIdentityMultihash = 0x00;
constexpr std::uint8_t kSha256Multihash = 0x12;
constexpr std::uint8_t kCidVersion1 = 0x01;
constexpr std::uint8_t kLibp2pKeyCodec = 0x72;
// Longest text accepted: a sha2-256 CID is 59 characters, an inline key id about 50.
constexpr std::size_t kMaxPeerIdText = 128;

lezpay::util::Result<std::vector<std::uint8_t>> base32Decode(std::string_view text) {
  std::vector<std::uint8_t> out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v;
    if (c >= 'a' && c <= 'z') {
      v = c - 'a';
    } else if (c >= '2' && c <= '7') {
      v = c - '2' + 26;
    } else {
      return makeError(ErrorCode::INVALID_PEER_ID, "a CID peer id is lowercase base32 (a-z, 2-7) after its 'b'");
    }
    acc = (acc << 5) | static_cast<std::uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>(acc >> bits));
      acc &= (1u << bits) - 1;
    }
  }
  if (acc != 0) return makeError(ErrorCode::INVALID_PEER_ID, "a CID peer id has non-zero padding bits");
  return out;
}

}  // namespace

PeerId PeerId::fromPublicKey(const PublicKey& key) {
  const auto encoded = encodePublicKey(key);
  std::vector<std::uint8_t> mh;
  if (encoded.size() <= kMaxInlineKeyBytes) {
    mh.push_back(kIdentityMultihash);
    lezpay::proto::appendVarint(mh, encoded.size());
    mh.insert(mh.end(), encoded.begin(), encoded.end());
  } else {
    const auto digest = lezpay::util::sha256(encoded);
    mh = {kSha256Multihash, 0x20};
    mh.insert(mh.end(), digest.begin(), digest.end());
  }
  return PeerId(std::move(mh));
}

lezpay::util::Result<PeerId> PeerId::fromBytes(std::span<const std::uint8_t> mh) {
  if (mh.size() == 34 && mh[0] == kSha256Multihash && mh[1] == 0x20) {
    return PeerId(std::vector<std::uint8_t>(mh.begin(), mh.end()));
  }
  if (mh.size() >= 2 && mh[0] == kIdentityMultihash) {
    auto len = lezpay::proto::decodeVarint(mh.subspan(1));
    if (!len.ok() || len->value == 0 || len->value > kMaxInlineKeyBytes || 1 + len->length + len->value != mh.size()) {
      return makeError(ErrorCode::INVALID_PEER_ID, "an identity-multihash peer id must hold 1 to 42 bytes of key, exactly");
    }
    auto key = decodePublicKey(mh.subspan(1 + len->length));
    if (!key.ok()) {
      return makeError(ErrorCode::INVALID_PEER_ID, "the key inside the peer id does not decode: " + key.error().message);
    }
    // Only the canonical encoding names a peer; anything else would give one key two ids.
    PeerId canonical = fromPublicKey(*key);
    if (!std::equal(canonical.bytes_.begin(), canonical.bytes_.end(), mh.begin(), mh.end())) {
      return makeError(ErrorCode::INVALID_PEER_ID, "the key inside the peer id is not canonically encoded");
    }
    return canonical;
  }
  return makeError(ErrorCode::INVALID_PEER_ID, "a peer id is an identity or sha2-256 multihash");
}

std::string PeerId::toBase58() const { return lezpay::util::base58Encode(bytes_); }

std::optional<PublicKey> PeerId::inlinePublicKey() const {
  if (bytes_.empty() || bytes_[0] != kIdentityMultihash) return std::nullopt;
  auto len = lezpay::proto::decodeVarint(std::span<const std::uint8_t>(bytes_).subspan(1));
  if (!len.ok()) return std::nullopt;
  auto key = decodePublicKey(std::span<const std::uint8_t>(bytes_).subspan(1 + len->length));
  if (!key.ok()) return std::nullopt;
  return *key;
}

lezpay::util::Result<PeerId> parsePeerId(std::string_view text) {
  if (text.empty() || text.size() > kMaxPeerIdText) {
    return makeError(ErrorCode::INVALID_PEER_ID, "a peer id is 1 to 128 characters of text");
  }
  if (text[0] == 'b') {
    auto bytes = base32Decode(text.substr(1));
    if (!bytes.ok()) return bytes.error();
    const auto& b = *bytes;
    if (b.size() < 3 || b[0] != kCidVersion1 || b[1] != kLibp2pKeyCodec) {
      return makeError(ErrorCode::INVALID_PEER_ID, "a CID peer id must be CIDv1 with the libp2p-key codec (0x72)");
    }
    return PeerId::fromBytes(std::span<const std::uint8_t>(b).subspan(2));
  }
  auto bytes = lezpay::util::base58Decode(text);
  if (!bytes.ok()) {
    return makeError(ErrorCode::INVALID_PEER_ID, "peer id '" + std::string(text) + "' is not base58btc: " + bytes.error().message);
  }
  return PeerId::fromBytes(*bytes);
}

}  // namespace lezpay::libp2p

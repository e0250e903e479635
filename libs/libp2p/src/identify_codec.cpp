#include "lezpay/libp2p/identify_codec.h"

#include "lezpay/proto/error.h"
#include "lezpay/proto/fields.h"
#include "lezpay/proto/reader.h"
#include "lezpay/proto/try.h"
#include "lezpay/proto/writer.h"

namespace lezpay::libp2p {
namespace {

constexpr std::size_t kMaxIdentifyItemBytes = 1024;
constexpr std::size_t kMaxIdentifyKeyBytes = 4096;

}  // namespace

std::vector<std::uint8_t> encodeIdentify(const Identify& m) {
  lezpay::proto::Writer w;
  if (m.publicKey) w.bytesField(1, *m.publicKey);
  for (const auto& a : m.listenAddrs) w.bytesField(2, a);
  for (const auto& p : m.protocols) w.stringField(3, p);
  if (m.observedAddr) w.bytesField(4, *m.observedAddr);
  if (m.protocolVersion) w.stringField(5, *m.protocolVersion);
  if (m.agentVersion) w.stringField(6, *m.agentVersion);
  return w.take();
}

lezpay::util::Result<Identify> decodeIdentify(std::span<const std::uint8_t> input) {
  using lezpay::proto::ErrorCode;
  LEZPAY_PROTO_TRY(lezpay::proto::checkInputSize(input, kMaxIdentifyBytes, "Identify"));
  lezpay::proto::Reader reader(input);
  lezpay::proto::FieldSet seen;
  Identify m;
  while (!reader.atEnd()) {
    LEZPAY_PROTO_ASSIGN(auto f, reader.next());
    switch (f.number) {
      case 1: {
        LEZPAY_PROTO_TRY(seen.markSeen(1, "Identify.publicKey"));
        LEZPAY_PROTO_ASSIGN(m.publicKey, lezpay::proto::readByteVector(f, "Identify.publicKey", kMaxIdentifyKeyBytes));
        break;
      }
      case 2: {
        if (m.listenAddrs.size() == kMaxIdentifyAddrs) {
          return lezpay::proto::makeError(ErrorCode::TOO_LARGE, "Identify.listenAddrs: more than 64 addresses");
        }
        LEZPAY_PROTO_ASSIGN(auto a, lezpay::proto::readByteVector(f, "Identify.listenAddrs", kMaxIdentifyItemBytes));
        m.listenAddrs.push_back(std::move(a));
        break;
      }
      case 3: {
        if (m.protocols.size() == kMaxIdentifyProtocols) {
          return lezpay::proto::makeError(ErrorCode::TOO_LARGE, "Identify.protocols: more than 256 protocols");
        }
        LEZPAY_PROTO_ASSIGN(auto p, lezpay::proto::readString(f, "Identify.protocols", kMaxIdentifyItemBytes));
        m.protocols.push_back(std::move(p));
        break;
      }
      case 4: {
        LEZPAY_PROTO_TRY(seen.markSeen(4, "Identify.observedAddr"));
        LEZPAY_PROTO_ASSIGN(m.observedAddr, lezpay::proto::readByteVector(f, "Identify.observedAddr", kMaxIdentifyItemBytes));
        break;
      }
      case 5: {
        LEZPAY_PROTO_TRY(seen.markSeen(5, "Identify.protocolVersion"));
        LEZPAY_PROTO_ASSIGN(m.protocolVersion, lezpay::proto::readString(f, "Identify.protocolVersion", kMaxIdentifyItemBytes));
        break;
      }
      case 6: {
        LEZPAY_PROTO_TRY(seen.markSeen(6, "Identify.agentVersion"));
        LEZPAY_PROTO_ASSIGN(m.agentVersion, lezpay::proto::readString(f, "Identify.agentVersion", kMaxIdentifyItemBytes));
        break;
      }
      case 8: {
        LEZPAY_PROTO_TRY(lezpay::proto::expectWireType(f, lezpay::proto::WireType::LEN, "Identify.signedPeerRecord"));
        break;
      }
      default:
        break;
    }
  }
  return m;
}

std::vector<std::uint8_t> ip4TcpMultiaddr(std::uint32_t ip4, std::uint16_t port) {
  return {0x04,
          static_cast<std::uint8_t>(ip4 >> 24),
          static_cast<std::uint8_t>(ip4 >> 16),
          static_cast<std::uint8_t>(ip4 >> 8),
          static_cast<std::uint8_t>(ip4),
          0x06,
          static_cast<std::uint8_t>(port >> 8),
          static_cast<std::uint8_t>(port)};
}

}  // namespace lezpay::libp2p

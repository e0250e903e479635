#pragma once
// Identify `/ipfs/id/1.0.0` (spec libp2p.md §6):
//   Identify { bytes publicKey = 1; repeated bytes listenAddrs = 2; repeated string protocols = 3;
//              bytes observedAddr = 4; string protocolVersion = 5; string agentVersion = 6;
//              bytes signedPeerRecord = 8; }
// encodeIdentify() writes the fields that are set, in tag order (signedPeerRecord never: js fails
// identify on a record it cannot validate). decodeIdentify() accepts any field order, skips
// unknown fields and the signed record, and bounds everything: the whole message
// ≤ kMaxIdentifyBytes (nim's 64 KiB), ≤ kMaxIdentifyAddrs addresses of ≤ 1024 bytes,
// ≤ kMaxIdentifyProtocols protocols of ≤ 1024 bytes, versions ≤ 1024 bytes.
// Errors: the wire codes of lezpay::proto naming "Identify.<field>".

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "lezpay/util/result.h"

namespace lezpay::libp2p {

inline constexpr std::size_t kMaxIdentifyBytes = 65536;
inline constexpr std::size_t kMaxIdentifyAddrs = 64;
inline constexpr std::size_t kMaxIdentifyProtocols = 256;

struct Identify {
  std::optional<std::vector<std::uint8_t>> publicKey;  // a PublicKey protobuf
  std::vector<std::vector<std::uint8_t>> listenAddrs;  // binary multiaddrs
  std::vector<std::string> protocols;
  std::optional<std::vector<std::uint8_t>> observedAddr;
  std::optional<std::string> protocolVersion;
  std::optional<std::string> agentVersion;

  bool operator==(const Identify&) const = default;
};

std::vector<std::uint8_t> encodeIdentify(const Identify& message);
lezpay::util::Result<Identify> decodeIdentify(std::span<const std::uint8_t> input);

// The binary multiaddr /ip4/a.b.c.d/tcp/port (spec §3: `04 ‖ 4 bytes ‖ 06 ‖ u16be`).
std::vector<std::uint8_t> ip4TcpMultiaddr(std::uint32_t ip4, std::uint16_t port);

}  // namespace lezpay::libp2p

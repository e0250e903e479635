#pragma once
// Identify push `/ipfs/id/push/1.0.0` (spec libp2p.md §6): a peer whose own state changes (a
// protocol mounted, an address added) opens this stream on each connection, writes one
// LP(Identify) and closes it; the receiver answers nothing. js-libp2p pushes only to peers whose
// identify lists the push protocol.
//
// applyIdentifyPush() is what the receiver does with the message: every field the push carries
// (a public key, a non-empty listenAddrs or protocols list, observedAddr, the versions) replaces
// the one in `known`; absent and empty fields keep what `known` holds ("apply non-empty fields").
// IDENTIFY_KEY_MISMATCH when the push carries a public key that does not decode or is not the key
// of `remote` (the peer the Noise handshake authenticated): a push never changes who the peer is.
// Pure; `known` is never modified.

#include "lezpay/libp2p/identify_codec.h"
#include "lezpay/libp2p/peer_id.h"
#include "lezpay/util/result.h"

namespace lezpay::libp2p {

inline constexpr const char* kIdentifyPushProtocol = "/ipfs/id/push/1.0.0";

lezpay::util::Result<Identify> applyIdentifyPush(const PeerId& remote, const Identify& known, const Identify& pushed);

}  // namespace lezpay::libp2p

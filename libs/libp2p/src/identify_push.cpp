#include "lezpay/libp2p/identify_push.h"

#include "lezpay/libp2p/error.h"

namespace lezpay::libp2p {

lezpay::util::Result<Identify> applyIdentifyPush(const PeerId& remote, const Identify& known, const Identify& pushed) {
  if (pushed.publicKey) {
    auto key = decodePublicKey(*pushed.publicKey);
    if (!key.ok()) {
      return makeError(ErrorCode::IDENTIFY_KEY_MISMATCH, "the identify push carries a public key that does not decode: " + key.error().message);
    }
    if (!(PeerId::fromPublicKey(*key) == remote)) {
      return makeError(ErrorCode::IDENTIFY_KEY_MISMATCH, "the identify push carries the key of " + PeerId::fromPublicKey(*key).toBase58() +
                                                             ", not of the authenticated peer " + remote.toBase58());
    }
  }
  Identify out = known;
  if (pushed.publicKey) out.publicKey = pushed.publicKey;
  if (!pushed.listenAddrs.empty()) out.listenAddrs = pushed.listenAddrs;
  if (!pushed.protocols.empty()) out.protocols = pushed.protocols;
  if (pushed.observedAddr) out.observedAddr = pushed.observedAddr;
  if (pushed.protocolVersion) out.protocolVersion = pushed.protocolVersion;
  if (pushed.agentVersion) out.agentVersion = pushed.agentVersion;
  return out;
}

}  // namespace lezpay::libp2p

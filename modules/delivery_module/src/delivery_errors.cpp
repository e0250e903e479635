#include "delivery_errors.h"

namespace delivery {

std::vector<logos::ErrorSpec> deliveryErrors() {
  return {
      {"NO_NODE", "The operation needs a node and none was created.", "Call createNode first."},
      {"NODE_STARTED", "createNode was called while the node runs.", "Call stop first."},
      {"NODE_NOT_STARTED", "The operation needs the node to listen.", "Call start first."},
      {"NODE_STOPPED", "The node stopped while the operation was in flight.", "Start the node and retry."},
      {"INVALID_CONFIG", "A createNode config key is unknown or has the wrong type or range; the message names it.",
       "Fix the key (docs/protocol.md lists the config keys)."},
      {"INVALID_ARCHIVE_CONFIG", "The archive settings of the config (URL, retention) are not usable.",
       "Fix the archive URL or retention named in the message."},
      {"ARCHIVE_UNAVAILABLE", "The archive database could not be opened or answered an error.",
       "Check the archive URL, the database and its permissions."},
      {"NODE_KEY_UNREADABLE", "The node's identity key file could not be read or written.",
       "Check the persistence directory; remove a damaged key file to make a new identity."},
      {"INVALID_NODE_KEY", "The identity key file holds a value that is not a secp256k1 secret key.",
       "Remove the key file to make a new identity."},
      {"INVALID_PEER_ID", "A peer id is not a secp256k1 libp2p peer id.", "Pass the peer id the node's getNodeInfo answers."},
      {"INVALID_MULTIADDR", "A multiaddr is not /ip4|/ip6|/dns*/…/tcp/<port>[/p2p/<peer>].", "Pass the multiaddr getNodeInfo answers."},
      {"INVALID_QUERY", "A Store query JSON is malformed; the message names the parser's code and the key.",
       "Fix the key named in the message (docs/protocol.md, Store query)."},
      {"INVALID_MESSAGE", "A message JSON (payload, topics, timestamp) is malformed or out of range.", "Fix the field named in the message."},
      {"INVALID_ARM", "An eligibility arm is not one of all, proof_of_payment, stream_proposal, stream_proof.", "Use one of those arms."},
      {"INVALID_ARGS", "An argument is outside what the operation takes (empty topic, unknown encoding, bad payload text).",
       "Fix the argument named in the message."},
      {"NO_STORE_NODE", "No peerAddr was given and the config names no storeNode.", "Pass peerAddr or configure storeNode."},
      {"NO_ELIGIBILITY_PROVIDER", "The query asks for an eligibility arm and no provider module is registered for it.",
       "Call setEligibilityProvider first."},
      {"ELIGIBILITY_PROVIDER_FAILED", "The provider module could not prepare a proof; provider_answer carries its answer.",
       "Act on the provider's answer (funds, stream, keys)."},
      {"PEER_DIAL_FAILURE", "The Store or Lightpush peer could not be reached (statusCode 504).", "Check the peer's address and that it runs."},
      {"DIAL_FAILED", "A connection to the peer could not be opened.", "Check the peer's address and that it runs."},
      {"PROTOCOL_NOT_SUPPORTED", "The peer does not speak the requested protocol.", "Use a peer that serves Store v3 / Lightpush v3."},
      {"TIMEOUT", "The exchange with the peer did not finish within its deadline.", "Retry, or raise timeoutMs."},
      {"MALFORMED_RESPONSE", "The peer answered bytes that are not the protocol's response.", "Use a conforming peer."},
      {"CONNECTION_CLOSED", "The peer closed the connection before answering.", "Retry; check the peer's logs."},
      {"TOO_LARGE", "A frame from the peer is above the size limit.", "Use a conforming peer; ask for smaller pages."},
      {"LISTEN_FAILED", "The node could not listen on its configured host and port.", "Free the port or configure another."},
  };
}

}  // namespace delivery

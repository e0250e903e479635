#pragma once
// WitnessSet (LEZ spec §4, §5): Vec<(Signature[64], PublicKey[32])>. Each public key is a valid
// x-only point by construction (public_key.h). Witness i signs the message digest (hashing.h)
// and owns nonces[i]. Codec: witness_set_codec.h.

#include <vector>

#include "lez/core/public_key.h"

namespace lez::core {

struct Witness {
  Signature signature;
  PublicKey publicKey;

  friend bool operator==(const Witness&, const Witness&) = default;
};

struct WitnessSet {
  std::vector<Witness> witnesses;

  friend bool operator==(const WitnessSet&, const WitnessSet&) = default;
};

}  // namespace lez::core

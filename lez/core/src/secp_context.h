#pragma once
// The one libsecp256k1 context of lez::core (private header).
//
// Created on first use (thread-safe function-local static), randomized once at creation with
// OpenSSL RAND_bytes when available (side-channel blinding for signing; if the CSPRNG fails the
// context stays unblinded, which is still correct), then only ever used read-only, which
// libsecp256k1 documents as safe from many threads. Never destroyed (lives until exit).

#include <secp256k1.h>

namespace lez::core::detail {

const secp256k1_context* secpContext();

}  // namespace lez::core::detail

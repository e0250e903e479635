#pragma once
// The manifest's `hashes`: a Merkle tree over the package content (docs/protocol.md "Module
// packages"). Keys are the path of every file and every directory of the payload (everything
// but manifest.json and manifest.sig) plus "root"; values are lowercase SHA-256 hex.
//   file       SHA-256 of its bytes
//   directory  SHA-256 of its children sorted by name bytes, each `name '\0' hash '\n'`
//   root       the same over the top-level entries (variants, docs, licenses)
#include <map>
#include <string>

namespace lezpay::lgx {

inline constexpr const char* kRootHashKey = "root";

// files: payload path -> bytes (directories are implied by the paths).
std::map<std::string, std::string> computeContentHashes(const std::map<std::string, std::string>& files);

}  // namespace lezpay::lgx

#pragma once
// A whole .lgx: reading (gunzip, untar, root layout, manifest, content hashes, variant
// completeness) and building. Reading checks everything a package claims before anyone writes
// a byte of it to disk.
#include <map>
#include <string>
#include <string_view>

#include "lezpay/lgx/limits.h"
#include "lezpay/lgx/manifest.h"
#include "lezpay/util/result.h"

namespace lezpay::lgx {

struct Package {
  Manifest manifest;
  std::string manifestText;                  // the exact bytes of manifest.json
  bool hasSignature = false;                 // manifest.sig present (not verified: docs/decisions.md)
  std::map<std::string, std::string> files;  // payload path -> bytes (manifest.json/.sig excluded)
};

util::Result<Package> readPackage(std::string_view lgx, const Limits& limits = {});

// Builds a package from a manifest (its `hashes` are recomputed) and payload files (paths
// under variants/, docs/ or licenses/). Refuses what readPackage would refuse, so a packer
// cannot produce a package the host will not take.
util::Result<std::string> buildPackage(Manifest manifest, const std::map<std::string, std::string>& files);

// The files of one variant, by their path inside the variant directory.
std::map<std::string, std::string> variantFiles(const Package& p, const std::string& variant);

}  // namespace lezpay::lgx

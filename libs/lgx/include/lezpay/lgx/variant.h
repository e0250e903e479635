#pragma once
// Which variant of a package a host loads (logos-core.md §21): a portable host only the
// unsuffixed variant of its platform, a dev host (libraries from the Nix store) only the
// `-dev` one.
#include <string>
#include <string_view>

#include "lezpay/lgx/manifest.h"
#include "lezpay/util/result.h"

namespace lezpay::lgx {

// The platform this code was compiled for: linux-amd64, linux-arm64, darwin-arm64,
// darwin-amd64; "unknown" elsewhere.
std::string_view buildPlatform();

// The variant name a host on `platform` loads: platform, plus "-dev" for a dev host.
std::string hostVariant(std::string_view platform, bool devHost);

// The variant to install, or LGX_VARIANT naming the variants the package has and the one this
// host needs.
util::Result<std::string> selectVariant(const Manifest& m, std::string_view hostVariantName);

}  // namespace lezpay::lgx

#pragma once
// The JSON value that crosses every module boundary (upstream `LogosMap` / `LogosList`).
// nlohmann::json keeps int64 and uint64 exact; u128 amounts travel as decimal strings.

#include <nlohmann/json.hpp>

namespace logos {
using Json = nlohmann::json;
}  // namespace logos

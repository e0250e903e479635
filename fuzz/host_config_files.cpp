// Fuzz target: the files logoscore reads back (host/include/logos/host/client_token_files.h,
// access_policy.h). The first byte picks the decoder, the rest is the file's text.
// 0 client/config.json: no crash and no exception; a refusal is UNAUTHORIZED naming the file; an
// accepted token_file written back as {"token_file": ...} reads to the same name.
// 1 the token file: a refusal is UNAUTHORIZED naming the file; an accepted token written back in
// the daemon's own form reads to the same token. 2 the --access-policy file: a refusal is
// INVALID_ARGS naming the option; an accepted policy always lets a module call itself.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "logos/host/access_policy.h"
#include "logos/host/client_token_files.h"

namespace {

const std::string kConfig = "/home/u/.logoscore/client/config.json";
const std::string kToken = "/home/u/.logoscore/client/auto.json";

void clientConfig(const std::string& text) {
  auto name = logos::host::tokenFileFromClientConfig(kConfig, text);
  if (!name.ok()) {
    FUZZ_CHECK(name.error().code == "UNAUTHORIZED" && name.error().message.rfind(kConfig, 0) == 0);
    return;
  }
  auto back = logos::host::tokenFileFromClientConfig(kConfig, nlohmann::json{{"token_file", *name}}.dump());
  FUZZ_CHECK(back.ok() && *back == *name);
}

void tokenFile(const std::string& text) {
  auto token = logos::host::tokenFromTokenFile(kToken, text);
  if (!token.ok()) {
    FUZZ_CHECK(token.error().code == "UNAUTHORIZED" && token.error().message.rfind(kToken, 0) == 0);
    return;
  }
  auto back = logos::host::tokenFromTokenFile(kToken, nlohmann::json{{"token", *token}}.dump() + "\n");
  FUZZ_CHECK(back.ok() && *back == *token);
}

void accessPolicy(const std::string& text) {
  auto p = logos::host::AccessPolicy::parse(text);
  if (!p.ok()) {
    FUZZ_CHECK(p.error().code == "INVALID_ARGS" && p.error().message.rfind("--access-policy", 0) == 0);
    return;
  }
  FUZZ_CHECK(p->allows("wallet_module", {}, "wallet_module"));
  if (!p->enforced()) FUZZ_CHECK(p->allows("a", {}, "b"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 3) {
    case 0: clientConfig(text); break;
    case 1: tokenFile(text); break;
    default: accessPolicy(text); break;
  }
  return 0;
}

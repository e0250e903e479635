// Fuzz target: the daemon's saved flags, daemon/config.json (host/include/logos/host/
// daemon_config_file.h), read at every daemon start on that config dir. The input is the file's text.
// A refusal is INVALID_CONFIG starting "daemon/config.json: "; an accepted file encodes to text
// that decodes to the same settings and encodes to the same text again; each saved
// --module-transport value is parsed without throwing.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "logos/host/daemon_config_file.h"
#include "logos/host/transport_spec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto first = logos::host::decodeDaemonConfig(text);
  if (!first.ok()) {
    FUZZ_CHECK(first.error().code == "INVALID_CONFIG" && first.error().message.rfind("daemon/config.json: ", 0) == 0);
    return 0;
  }
  const std::string encoded = logos::host::encodeDaemonConfig(*first);
  auto second = logos::host::decodeDaemonConfig(encoded);
  FUZZ_CHECK(second.ok() && *second == *first);
  FUZZ_CHECK(logos::host::encodeDaemonConfig(*second) == encoded);
  for (const auto& value : first->moduleTransports) (void)logos::host::parseModuleTransport(value);
  return 0;
}

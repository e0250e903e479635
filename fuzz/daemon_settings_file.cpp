// Fuzz target: the daemon's --config file (host/include/logos/host/daemon_settings_file.h), read
// at every start of a daemon given --config and at every reload. The input is the file's text.
// A refusal is INVALID_CONFIG; an accepted file encodes to text that decodes to the same settings
// and encodes to the same text again; planning a reload from the file to itself changes nothing.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "logos/host/daemon_settings_file.h"
#include "logos/host/settings_reload_plan.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto first = logos::host::decodeDaemonSettings(text);
  if (!first.ok()) {
    FUZZ_CHECK(first.error().code == "INVALID_CONFIG" && !first.error().message.empty());
    return 0;
  }
  const std::string encoded = logos::host::encodeDaemonSettings(*first);
  auto second = logos::host::decodeDaemonSettings(encoded);
  FUZZ_CHECK(second.ok() && *second == *first);
  FUZZ_CHECK(logos::host::encodeDaemonSettings(*second) == encoded);
  const auto plan = logos::host::planReload(*first, *second);
  FUZZ_CHECK(plan.live.empty() && plan.restart.empty());
  return 0;
}

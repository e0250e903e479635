#include "console_errors.h"

namespace console {

std::vector<logos::ErrorSpec> consoleErrors() {
  return {
      {"LISTEN_FAILED", "The console's HTTP server could not bind its host and port.",
       "Choose another port (startConsole port) or free this one."},
      {"NON_LOOPBACK_REFUSED", "A host other than loopback was asked without allow_non_loopback.",
       "Keep the console on 127.0.0.1, or pass allow_non_loopback true knowing the API is then reachable from the network."},
      {"IO_ERROR", "The console's settings file could not be read or written.", "Check the module's persistence directory."},
  };
}

}  // namespace console

// logoscore: `-D` runs the module host daemon; anything else is a client command.
#include <QCoreApplication>

#include <openssl/crypto.h>

#include <string>
#include <vector>

#include "main_entry.h"

int main(int argc, char** argv) {
  // OpenSSL's exit-time cleanup frees the per-thread state of every thread from the exiting one,
  // while a module thread that has just finished frees its own in its thread-exit destructor: a
  // double free that AddressSanitizer caught at daemon shutdown. Without the atexit cleanup each
  // thread frees only its own state. This must be OpenSSL's first initialisation.
  OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr);
  QCoreApplication app(argc, argv);
  std::vector<std::string> args(argv + 1, argv + argc);
  for (const auto& a : args) {
    if (a == "-D") return logos::host::runDaemon(args);
  }
  if (!args.empty() && args[0] == "daemon") return logos::host::runDaemon(args);
  return logos::host::runClient(args);
}

// logoscore: `-D` runs the module host daemon; anything else is a client command.
#include <QCoreApplication>

#include <string>
#include <vector>

#include "main_entry.h"

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  std::vector<std::string> args(argv + 1, argv + argc);
  for (const auto& a : args) {
    if (a == "-D") return logos::host::runDaemon(args);
  }
  if (!args.empty() && args[0] == "daemon") return logos::host::runDaemon(args);
  return logos::host::runClient(args);
}

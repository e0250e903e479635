#pragma once
#include <string>
#include <vector>

namespace logos::host {
int runDaemon(const std::vector<std::string>& args);
int runClient(const std::vector<std::string>& args);
}  // namespace logos::host

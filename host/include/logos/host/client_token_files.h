#pragma once
// Reading a client's files back (logos-core.md §13): client/config.json {"token_file": "<name>"}
// and the token file {"token": "..."} the daemon writes. Pure (text in, values out), so the
// corpus-driven fuzz target fuzz/host_config_files.cpp runs the same code as the client.
// Errors carry code UNAUTHORIZED, as clientToken answers them.

#include <string>

#include "lezpay/util/result.h"

namespace logos::host {

// The token file name of config.json at `path` ("auto.json" when it names none); an error when
// the text is not JSON. A token_file that is not a string is ignored.
lezpay::util::Result<std::string> tokenFileFromClientConfig(const std::string& path, const std::string& text);

// The token of the token file at `path`; an error when it does not hold {"token": "..."}.
lezpay::util::Result<std::string> tokenFromTokenFile(const std::string& path, const std::string& text);

}  // namespace logos::host

#pragma once
// The wallet's key files hold their secrets as JSON strings: a parsed document's copies of them
// are wiped when it goes, whichever way a parse ends (node_keys_body, session_keys_body).
#include <string>

#include <nlohmann/json.hpp>

#include "lezpay/keystore/sealed_box.h"

namespace wallet {

// Wipes every string value of `doc[member]` (an object's values or an array's entries) when it
// goes out of scope; nothing if `doc` has no such member.
struct WipeSecretStrings {
  WipeSecretStrings(nlohmann::json& d, const char* m) : doc(d), member(m) {}
  WipeSecretStrings(const WipeSecretStrings&) = delete;
  WipeSecretStrings& operator=(const WipeSecretStrings&) = delete;
  ~WipeSecretStrings() {
    if (!doc.is_object()) return;
    auto it = doc.find(member);
    if (it == doc.end() || !(it->is_object() || it->is_array())) return;
    for (auto& v : *it) {
      if (v.is_string()) lezpay::keystore::wipe(v.get_ref<std::string&>());
    }
  }

  nlohmann::json& doc;
  const char* member;
};

}  // namespace wallet

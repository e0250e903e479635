#include "result_shapes.h"

namespace payment_streams::shapes {

logos::OperationSpec shaped(logos::OperationSpec spec, Json shape) {
  spec.resultShape = std::move(shape);
  return spec;
}

Json withAmounts(Json shape, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    const std::string key(k);
    shape[key] = "u128";
    shape[key + "_lo"] = "u64";
    shape[key + "_hi"] = "u64";
  }
  return shape;
}

Json vaultConfig() {
  return withAmounts(Json{{"version", "u64"}, {"owner", "base58"}, {"vault_id", "u64"}, {"next_stream_id", "u64"},
                          {"privacy_tier", "u64"}, {"token_id", "hex32"}},
                     {"total_allocated"});
}

Json streamConfig() {
  return withAmounts(Json{{"version", "u64"}, {"stream_id", "u64"}, {"provider", "base58"}, {"rate", "u64"}, {"state", "string"},
                          {"state_code", "u64"}, {"accrued_as_of", "u64"}},
                     {"allocation", "accrued"});
}

Json clock() { return Json{{"block_id", "u64"}, {"timestamp", "u64"}, {"fold_seconds", "u64"}}; }

Json write(Json facts) {
  Json shape{{"success", "bool"}, {"tx_hash", "hex32"}, {"tx_status", "string"}, {"block_id", "u64|null"}, {"wallet", "object"},
             {"operation?", "string"}};
  for (auto it = facts.begin(); it != facts.end(); ++it) {
    const bool optional = !it.key().empty() && it.key().back() == '?';
    shape[optional ? it.key() : it.key() + "?"] = it.value();
  }
  return shape;
}

Json createdStream() {
  return write(Json{{"stream_id", "u64"}, {"vault_id", "u64"}, {"stream", streamConfig()}, {"stream_account", "base58"}});
}

Json changedStream() { return write(Json{{"vault_id", "u64"}, {"stream_id", "u64"}, {"stream", streamConfig()}}); }

Json decodedAccount(Json decoded) {
  return withAmounts(Json{{"account_id_base58", "base58"}, {"account_id", "hex32"}, {"program_owner", "string"}, {"decoded", std::move(decoded)}},
                     {"balance"});
}

}  // namespace payment_streams::shapes

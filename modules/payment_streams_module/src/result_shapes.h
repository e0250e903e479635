#pragma once
// The shapes of payment_streams_module's successful answers (sdk/result_shape.h), one per kind of
// answer, so every operation declares what it returns next to its parameters: the dispatcher
// checks real answers against them when contract checks are on, and module-info shows them.

#include <initializer_list>

#include "logos/json.h"
#include "logos/operation.h"

namespace payment_streams::shapes {

using logos::Json;

// `spec` with its result shape.
logos::OperationSpec shaped(logos::OperationSpec spec, Json shape);

// `shape` plus, for each key, the u128 decimal and its u64 `_lo`/`_hi` halves (decoded_json.h putAmount).
Json withAmounts(Json shape, std::initializer_list<const char*> keys);

Json vaultConfig();   // decoded_json.h vaultConfigJson
Json streamConfig();  // decoded_json.h streamConfigJson
Json clock();         // decoded_json.h clockJson

// A write (write_pipeline.h): the submission's keys, and `facts` as optional keys because
// wait=false answers at submission, before anything is read back.
Json write(Json facts);

// createStream's answer (also the stream createStreamFromAcceptedProposal creates).
Json createdStream();
// pauseStream, resumeStream, topUpStream: the stream after the change.
Json changedStream();

// A decoded account read: ids, program owner, balance and `decoded`.
Json decodedAccount(Json decoded);

}  // namespace payment_streams::shapes

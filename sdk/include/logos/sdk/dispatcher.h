#pragma once
// The one chainAction dispatcher of a module: a table of OperationSpec + handler. dispatch()
// checks the params against the spec (naming the offending parameter), runs the handler, and
// turns an exception or a malformed answer into METHOD_FAILED, so a module bug never crosses
// the boundary as anything but an envelope.
//
// Handlers are synchronous (answer an envelope now) or asynchronous (get a Reply and complete it
// now or later, e.g. from a callAsync callback). Both kinds run through the same table; the host
// reaches them through LogosModule::beginAction.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "logos/error_spec.h"
#include "logos/json.h"
#include "logos/operation.h"
#include "logos/sdk/args.h"
#include "logos/sdk/reply.h"

namespace logos::sdk {

class Dispatcher {
 public:
  // Receives the params already checked, with defaults filled, through typed accessors;
  // answers an envelope.
  using Handler = std::function<Json(const Args& args)>;
  // Completes `reply` exactly once, now or later on the module's thread. `args` lives only during
  // the call: copy it (or what it holds) into callbacks. An exception thrown before the reply
  // fired answers METHOD_FAILED.
  using AsyncHandler = std::function<void(const Args& args, Reply reply)>;

  // Registers an operation. Registering a name twice is a programming error (aborts in debug;
  // the later registration is ignored in release).
  void add(OperationSpec spec, Handler handler);
  void addAsync(OperationSpec spec, AsyncHandler handler);

  // The module's error table (logos/error_spec.h). Declaring a code twice keeps the first entry.
  void declareErrors(const std::vector<ErrorSpec>& errors);
  // The declared table followed by the codes the dispatcher itself answers (sdkErrors()).
  std::vector<ErrorSpec> errors() const;

  // Contract checks: every successful answer must have its operation's declared result shape and
  // every error answer a code of errors(); a break is answered as CONTRACT_MISMATCH naming it,
  // never served silently. On by default in debug builds (no NDEBUG) and when the environment has
  // LEZPAY_CONTRACT_CHECKS=1; LEZPAY_CONTRACT_CHECKS=0 turns them off.
  void setContractChecks(bool on) { contractChecks_ = on; }
  bool contractChecks() const { return contractChecks_; }

  const std::vector<OperationSpec>& operations() const { return specs_; }
  const OperationSpec* find(std::string_view name) const;

  // Answers `reply` with METHOD_NOT_FOUND (with "available_methods"), INVALID_ARGS,
  // METHOD_FAILED, or the handler's envelope.
  void dispatch(const std::string& operation, const Json& params, Reply reply) const;

  // The same for a caller that must have the answer now: an asynchronous operation that has not
  // answered when its handler returns answers METHOD_FAILED here (use beginAction for it).
  Json dispatch(const std::string& operation, const Json& params) const;

  // Names of all operations, for METHOD_NOT_FOUND answers.
  Json availableMethods() const;

 private:
  Json checkedAnswer(const OperationSpec& spec, Json answer) const;

  std::vector<OperationSpec> specs_;
  std::vector<AsyncHandler> handlers_;
  std::vector<ErrorSpec> errors_;
  bool contractChecks_ = contractChecksByDefault();

 public:
  static bool contractChecksByDefault();
};

// The codes every module's dispatcher may answer whatever the module declares: argument faults
// found before a handler runs and handler failures turned into envelopes.
std::vector<ErrorSpec> sdkErrors();

}  // namespace logos::sdk

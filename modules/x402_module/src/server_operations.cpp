#include "server_operations.h"

#include "logos/envelope.h"

namespace x402mod {

struct ServerOperations::State {};

ServerOperations::ServerOperations(ModuleShell shell) : shell_(std::move(shell)), state_(std::make_unique<State>()) {}
ServerOperations::~ServerOperations() = default;

logos::Json ServerOperations::onInit() { return logos::okEnvelope(); }
void ServerOperations::onShutdown() {}

}  // namespace x402mod

#include "agent_operations.h"

#include "logos/envelope.h"

namespace x402mod {

struct AgentOperations::State {};

AgentOperations::AgentOperations(ModuleShell shell) : shell_(std::move(shell)), state_(std::make_unique<State>()) {}
AgentOperations::~AgentOperations() = default;

logos::Json AgentOperations::onInit() { return logos::okEnvelope(); }
void AgentOperations::onShutdown() {}

}  // namespace x402mod

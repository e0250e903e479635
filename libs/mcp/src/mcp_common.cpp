#include "lezpay/mcp/mcp_common.h"

namespace lezpay::mcp {

bool isSupportedVersion(std::string_view version) {
  for (auto v : kSupportedVersions) {
    if (v == version) return true;
  }
  return false;
}

std::string_view toString(McpError code) {
  switch (code) {
    case McpError::ParseError: return "MCP_PARSE_ERROR";
    case McpError::MessageTooLarge: return "MCP_MESSAGE_TOO_LARGE";
    case McpError::MessageTooDeep: return "MCP_MESSAGE_TOO_DEEP";
    case McpError::InvalidRequest: return "MCP_INVALID_REQUEST";
    case McpError::BatchRefused: return "MCP_BATCH_REFUSED";
    case McpError::NotInitialized: return "MCP_NOT_INITIALIZED";
    case McpError::AlreadyInitialized: return "MCP_ALREADY_INITIALIZED";
    case McpError::DuplicateId: return "MCP_DUPLICATE_ID";
    case McpError::TooManyCalls: return "MCP_TOO_MANY_CALLS";
    case McpError::MethodNotFound: return "MCP_METHOD_NOT_FOUND";
    case McpError::InvalidParams: return "MCP_INVALID_PARAMS";
    case McpError::UnknownTool: return "MCP_UNKNOWN_TOOL";
    case McpError::InvalidCursor: return "MCP_INVALID_CURSOR";
    case McpError::InvalidArguments: return "INVALID_ARGUMENTS";
    case McpError::Internal: return "MCP_INTERNAL";
    case McpError::OriginRefused: return "MCP_ORIGIN_REFUSED";
    case McpError::SessionRequired: return "MCP_SESSION_REQUIRED";
    case McpError::UnknownSession: return "MCP_UNKNOWN_SESSION";
    case McpError::UnsupportedVersion: return "MCP_UNSUPPORTED_VERSION";
    case McpError::NotAcceptable: return "MCP_NOT_ACCEPTABLE";
    case McpError::UnsupportedMediaType: return "MCP_UNSUPPORTED_MEDIA_TYPE";
    case McpError::MethodNotAllowed: return "MCP_METHOD_NOT_ALLOWED";
    case McpError::NotFound: return "MCP_NOT_FOUND";
  }
  return "MCP_INTERNAL";
}

RpcCode rpcCodeOf(McpError code) {
  switch (code) {
    case McpError::ParseError: return RpcCode::ParseError;
    case McpError::MessageTooLarge:
    case McpError::MessageTooDeep:
    case McpError::InvalidRequest:
    case McpError::BatchRefused:
    case McpError::NotInitialized:
    case McpError::AlreadyInitialized:
    case McpError::DuplicateId:
    case McpError::TooManyCalls: return RpcCode::InvalidRequest;
    case McpError::MethodNotFound: return RpcCode::MethodNotFound;
    case McpError::InvalidParams:
    case McpError::UnknownTool:
    case McpError::InvalidCursor:
    case McpError::InvalidArguments: return RpcCode::InvalidParams;
    case McpError::Internal: return RpcCode::InternalError;
    case McpError::OriginRefused:
    case McpError::SessionRequired:
    case McpError::UnknownSession:
    case McpError::UnsupportedVersion:
    case McpError::NotAcceptable:
    case McpError::UnsupportedMediaType:
    case McpError::MethodNotAllowed:
    case McpError::NotFound: return RpcCode::InvalidRequest;
  }
  return RpcCode::InternalError;
}

}  // namespace lezpay::mcp

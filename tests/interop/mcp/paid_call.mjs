// The official MCP TypeScript SDK client driving a paid MCP endpoint over Streamable HTTP, for
// tests/functional/mcp_paid_*.py and bench/x402/mcp_paid_bench.py.
//
//   node paid_call.mjs '<json spec>'
//   spec: {url, list?: bool, calls: [{name, arguments?, meta?}], repeat?: n, quiet?: bool}
// Prints one JSON line per step: {"tools": [...]} for list, then {"result": <CallToolResult>} or
// {"error": {"code", "message"}} per call (each call `repeat` times when given; `quiet` prints
// only errors and isError results), and {"elapsed_ms": [...]} at the end. Exits 1 only when the
// connection itself fails.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const spec = JSON.parse(process.argv[2]);
const out = (o) => process.stdout.write(JSON.stringify(o) + "\n");

const client = new Client({ name: "lezpay-functional-test", version: "1.0.0" });
const transport = new StreamableHTTPClientTransport(new URL(spec.url));
try {
  await client.connect(transport);
} catch (e) {
  out({ connect_error: String(e && e.message ? e.message : e) });
  process.exit(1);
}
if (spec.list) {
  const listed = await client.listTools();
  out({ tools: listed.tools });
}
const elapsed = [];
for (const call of spec.calls || []) {
  for (let i = 0; i < (spec.repeat || 1); i++) {
    const params = { name: call.name, arguments: call.arguments || {} };
    if (call.meta) params._meta = call.meta;
    const t0 = process.hrtime.bigint();
    try {
      const result = await client.callTool(params);
      elapsed.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (!spec.quiet || result.isError) out({ result });
    } catch (e) {
      out({ error: { code: e.code ?? null, message: String(e.message || e) } });
    }
  }
}
out({ elapsed_ms: elapsed });
await client.close();

// A driver around the official MCP TypeScript SDK client (@modelcontextprotocol/sdk, pinned in
// package-lock.json) for tests/functional/mcp_*.py. It reads one JSON command per line on stdin and
// writes one JSON line per event on stdout, so the Python test can interleave the owner's actions
// (approve, decline) with calls in flight:
//   {"op":"connect","tag","transport":"stdio","command","args","env"} | {"op":"connect","tag","transport":"http","url"}
//   {"op":"listTools","tag"}   {"op":"ping","tag"}   {"op":"close","tag"}   {"op":"terminate","tag"}
//   {"op":"callTool","tag","name","arguments","meta"?,"timeoutMs"?,"progress"?}  -> progress events, then the result
//   {"op":"cancel","tag"}  aborts the callTool of that tag (the SDK sends notifications/cancelled)
// Answers: {"tag","ok":true,...} or {"tag","ok":false,"error":{"name","code","message"}}; progress: {"tag","progress":{...}}.
import readline from "node:readline";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

let client = null;
let transport = null;
const calls = new Map();

function out(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

function fail(tag, e) {
  out({ tag, ok: false, error: { name: e?.constructor?.name ?? "Error", code: e?.code ?? null, message: String(e?.message ?? e) } });
}

async function handle(cmd) {
  const tag = cmd.tag;
  switch (cmd.op) {
    case "connect": {
      client = new Client({ name: "lezpay-functional-test", version: "1.0.0" });
      if (cmd.transport === "stdio") {
        transport = new StdioClientTransport({ command: cmd.command, args: cmd.args ?? [], env: cmd.env ?? {}, stderr: "pipe" });
        const err = transport.stderr;
        if (err) err.on("data", (d) => process.stderr.write(d));
      } else {
        transport = new StreamableHTTPClientTransport(new URL(cmd.url));
      }
      await client.connect(transport);
      out({ tag, ok: true, serverVersion: client.getServerVersion(), capabilities: client.getServerCapabilities(),
            instructions: client.getInstructions(), sessionId: transport.sessionId ?? null,
            protocolVersion: transport.protocolVersion ?? null });
      return;
    }
    case "listTools": {
      const r = await client.listTools();
      out({ tag, ok: true, result: r });
      return;
    }
    case "ping": {
      await client.ping();
      out({ tag, ok: true });
      return;
    }
    case "callTool": {
      const ac = new AbortController();
      calls.set(tag, ac);
      const options = { signal: ac.signal, timeout: cmd.timeoutMs ?? 60000 };
      if (cmd.progress) {
        options.onprogress = (p) => out({ tag, progress: p });
        options.resetTimeoutOnProgress = true;
      }
      const params = { name: cmd.name, arguments: cmd.arguments ?? {} };
      if (cmd.meta) params._meta = cmd.meta;
      try {
        const r = await client.callTool(params, undefined, options);
        out({ tag, ok: true, result: r });
      } finally {
        calls.delete(tag);
      }
      return;
    }
    case "cancel": {
      const ac = calls.get(tag);
      if (ac) ac.abort("cancelled by the test");
      return;
    }
    case "terminate": {
      await transport.terminateSession();
      out({ tag, ok: true });
      return;
    }
    case "close": {
      await client.close();
      out({ tag, ok: true });
      return;
    }
    default:
      throw new Error("unknown op " + cmd.op);
  }
}

const rl = readline.createInterface({ input: process.stdin });
rl.on("line", (line) => {
  if (!line.trim()) return;
  let cmd;
  try {
    cmd = JSON.parse(line);
  } catch (e) {
    fail(null, e);
    return;
  }
  // Commands run concurrently: a callTool waiting for the owner does not block the next command.
  handle(cmd).catch((e) => fail(cmd.tag, e));
});
rl.on("close", async () => {
  try {
    if (client) await client.close();
  } catch (_) {}
  process.exit(0);
});

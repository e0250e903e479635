// A js-libp2p 2.8.11 peer (TCP, Noise, Yamux, identify, ping) driven by
// tests/functional/p2p_js_interop.py. Prints one JSON line per event on stdout.
//
//   node peer.mjs listen --key secp256k1|ed25519
//       listens on 127.0.0.1 (port 0), prints {"event":"listening","addr":…,"peer":…}, serves
//       /lezpay/echo/1.0.0 (echo to EOF), reports every identify it receives, and exits when stdin
//       closes.
//   node peer.mjs dial <multiaddr> [--key ed25519] [--streams N] [--bytes N] [--pings N]
//       [--identify-push PROTOCOL]
//       dials, waits for identify of the remote, pings it, runs N concurrent echo streams, prints
//       {"event":"result","ok":…} and exits 0 on success, 1 otherwise.
//   node peer.mjs waku <multiaddr> --pubsub P --topic T [--cluster C] [--push TEXT] [--parallel N]
//       [--identify-push PROTOCOL]
//       dials a Waku node (our delivery_module with transport "libp2p"), waits for its identify,
//       pings it, pre-opens an idle Store stream, asks Waku metadata, publishes TEXT with Lightpush
//       v3, runs a raw Store v3 query (hand-encoded protobuf, one LP request, FIN, read to EOF),
//       N concurrent queries on the same connection, then a query on the idle stream opened
//       first; prints {"event":"result","ok":…,"lightpush":{…},"store":{…},"idle_store":{…}}.
//   node peer.mjs store-raw <multiaddr> --hex H [--key ed25519|secp256k1] [--seed S]
//       dials, waits for identify, sends the Store request whose protobuf bytes are H (hex) on a
//       fresh stream, FIN, reads to EOF; prints {"event":"result","ok":…,"peer":…,"store":{requestId,
//       statusCode, statusDesc, messages, eligibility:{code, desc}}}. --seed: a 32-byte hex seed of a
//       fixed Ed25519 identity (the same peer id across runs).
//   node peer.mjs flood <multiaddr> --nodes N --streams S --bytes B
//       N js nodes (one connection each) open S Store streams each and write on every stream a
//       length prefix announcing B + 1000 bytes and then B bytes: a partial request the server must
//       hold. Prints {"event":"flooded","opened":…,"open":…,"reset":…} once the writes settled and
//       keeps the streams open until stdin closes.
//   --raw-identify-push HEX (dial mode, last step): opens /ipfs/id/push/1.0.0 itself, writes the
//       bytes, closes, reads to the end, and pings the remote again: "raw_push_status" (the
//       stream's status: "reset" when the remote refused it), "ping_after_push_ms".
//   --identify-push PROTOCOL (both modes, last step): the node runs identify push, mounts PROTOCOL
//       (js-libp2p then pushes its new protocol list to peers whose identify lists
//       /ipfs/id/push/1.0.0), waits for the push stream to open and close, and pings the remote
//       again: "push_stream_status" (closed), "ping_after_push_ms" in the result.
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify, identifyPush } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { generateKeyPair, generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'

const ECHO = '/lezpay/echo/1.0.0'
const STORE = '/vac/waku/store-query/3.0.0'
const METADATA = '/vac/waku/metadata/1.0.0'
const IDENTIFY_PUSH = '/ipfs/id/push/1.0.0'
const LIGHTPUSH = '/vac/waku/lightpush/3.0.0'
const say = (event, fields = {}) => process.stdout.write(JSON.stringify({ event, ...fields }) + '\n')

function option (args, name, fallback) {
  const i = args.indexOf(name)
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback
}

// `seed` (64 hex digits, Ed25519 only) gives the same peer id on every run; `withPush` runs
// identify push.
async function makeNode (keyType, listen, { seed = '', withPush = false } = {}) {
  const privateKey = seed
    ? await generateKeyPairFromSeed('Ed25519', Uint8Array.from(Buffer.from(seed, 'hex')))
    : await generateKeyPair(keyType === 'secp256k1' ? 'secp256k1' : 'Ed25519')
  const services = { identify: identify(), ping: ping() }
  if (withPush) services.identifyPush = identifyPush()
  const node = await createLibp2p({
    privateKey,
    addresses: { listen: listen ? ['/ip4/127.0.0.1/tcp/0'] : [] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services
  })
  await node.handle(ECHO, ({ stream }) => {
    stream.sink(stream.source).catch((err) => say('echo_error', { message: String(err) }))
  }, { maxInboundStreams: 1024, maxOutboundStreams: 1024 })
  node.addEventListener('peer:identify', (evt) => {
    const d = evt.detail
    say('identify', { peer: d.peerId.toString(), agent: d.agentVersion, protocols: d.protocols, protocolVersion: d.protocolVersion })
  })
  return node
}

// Mounts `protocol`, which makes js-libp2p push identify (debounced by 1 s) on `conn`; watches
// the push stream through conn.newStream (what the identify push service calls) until it is
// closed (at most 10 s), then pings the remote once more.
async function identifyPushThenPing (node, conn, target, protocol, result) {
  const newStream = conn.newStream.bind(conn)
  let pushed
  const pushDone = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('js-libp2p completed no identify push within 10 s')), 10000)
    pushed = (err, stream) => { clearTimeout(timer); err ? reject(err) : resolve(stream) }
  })
  conn.newStream = async (protocols, options) => {
    if (![].concat(protocols).includes(IDENTIFY_PUSH)) return newStream(protocols, options)
    try {
      const stream = await newStream(protocols, options)
      const waitClosed = async () => {
        while (stream.status !== 'closed' && stream.status !== 'aborted' && stream.status !== 'reset') {
          await new Promise((resolve) => setTimeout(resolve, 5))
        }
        pushed(null, stream)
      }
      waitClosed()
      return stream
    } catch (err) {
      pushed(new Error('identify push stream refused: ' + String(err)))
      throw err
    }
  }
  await node.handle(protocol, ({ stream }) => { stream.close().catch(() => {}) })
  const stream = await pushDone
  result.push_stream_status = stream.status
  result.ping_after_push_ms = await node.services.ping.ping(target)
}

// Writes `hex` on a push stream of our own (a hostile or broken push), then pings again.
async function rawIdentifyPushThenPing (node, conn, target, hex, result) {
  const stream = await conn.newStream(IDENTIFY_PUSH)
  try {
    await stream.sink([Uint8Array.from(Buffer.from(hex, 'hex'))])
    for await (const chunk of stream.source) result.raw_push_answer_bytes = (result.raw_push_answer_bytes ?? 0) + chunk.length
  } catch (err) {
    result.raw_push_error = String(err)
  }
  result.raw_push_status = stream.status
  result.ping_after_push_ms = await node.services.ping.ping(target)
}

async function echoOnce (node, target, size, seed) {
  const payload = new Uint8Array(size)
  for (let i = 0; i < size; i++) payload[i] = (i * 31 + seed) & 0xff
  const stream = await node.dialProtocol(target, ECHO)
  const sent = stream.sink([payload])
  const chunks = []
  let total = 0
  for await (const chunk of stream.source) {
    const bytes = chunk.subarray()
    chunks.push(bytes)
    total += bytes.length
  }
  await sent
  const got = new Uint8Array(total)
  let off = 0
  for (const c of chunks) { got.set(c, off); off += c.length }
  if (total !== size) throw new Error(`echo returned ${total} bytes for ${size}`)
  for (let i = 0; i < size; i++) if (got[i] !== payload[i]) throw new Error(`echo byte ${i} differs`)
  return total
}

// --- raw protobuf and LP framing (spec waku-store.md §1, libp2p.md §8) -------------------------

function uvarint (n) {
  const out = []
  let v = BigInt(n)
  do {
    let b = Number(v & 0x7fn)
    v >>= 7n
    if (v > 0n) b |= 0x80
    out.push(b)
  } while (v > 0n)
  return Uint8Array.from(out)
}

function concat (parts) {
  const total = parts.reduce((n, p) => n + p.length, 0)
  const out = new Uint8Array(total)
  let off = 0
  for (const p of parts) { out.set(p, off); off += p.length }
  return out
}

const lp = (bytes) => concat([uvarint(bytes.length), bytes])
const fieldBytes = (n, bytes) => concat([uvarint((n << 3) | 2), uvarint(bytes.length), bytes])
const fieldVarint = (n, v) => concat([uvarint(n << 3), uvarint(v)])
const utf8 = (s) => new TextEncoder().encode(s)

function readVarint (buf, pos) {
  let value = 0n
  let shift = 0n
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint')
    const b = buf[pos++]
    value |= BigInt(b & 0x7f) << shift
    shift += 7n
    if (!(b & 0x80)) return [value, pos]
  }
}

// Top-level fields as [number, value]: varints as BigInt, length-delimited as Uint8Array.
function fields (buf) {
  const out = []
  let pos = 0
  while (pos < buf.length) {
    let tag
    [tag, pos] = readVarint(buf, pos)
    const number = Number(tag >> 3n)
    const wire = Number(tag & 7n)
    if (wire === 0) {
      let v
      [v, pos] = readVarint(buf, pos)
      out.push([number, v])
    } else if (wire === 2) {
      let len
      [len, pos] = readVarint(buf, pos)
      out.push([number, buf.subarray(pos, pos + Number(len))])
      pos += Number(len)
    } else {
      throw new Error(`unexpected wire type ${wire}`)
    }
  }
  return out
}

function unLp (buf) {
  const [len, pos] = readVarint(buf, 0)
  if (buf.length !== pos + Number(len)) throw new Error(`LP frame of ${len} bytes, ${buf.length - pos} read`)
  return buf.subarray(pos)
}

async function readAll (stream) {
  const chunks = []
  for await (const chunk of stream.source) chunks.push(chunk.subarray())
  return concat(chunks)
}

// One request, FIN, read to EOF (js-waku's StreamManager exchange).
async function exchange (stream, request) {
  await stream.sink([lp(request)])
  return unLp(await readAll(stream))
}

const hex = (b) => Buffer.from(b).toString('hex')

function storeRequest (requestId, pubsub, topic) {
  return concat([fieldBytes(1, utf8(requestId)), fieldVarint(2, 1), fieldBytes(10, utf8(pubsub)), fieldBytes(11, utf8(topic)),
    fieldVarint(52, 1), fieldVarint(53, 20)])
}

function decodeStoreResponse (bytes) {
  const out = { messages: [] }
  for (const [n, v] of fields(bytes)) {
    if (n === 1) out.requestId = new TextDecoder().decode(v)
    else if (n === 10) out.statusCode = Number(v)
    else if (n === 11) out.statusDesc = new TextDecoder().decode(v)
    else if (n === 30) {
      out.eligibility = {}
      for (const [k, x] of fields(v)) {
        if (k === 1) out.eligibility.code = Number(x)
        else if (k === 2) out.eligibility.desc = new TextDecoder().decode(x)
      }
    } else if (n === 20) {
      const m = {}
      for (const [k, x] of fields(v)) {
        if (k === 1) m.hash = hex(x)
        else if (k === 2) {
          for (const [w, y] of fields(x)) {
            if (w === 1) m.payload = new TextDecoder().decode(y)
            else if (w === 2) m.contentTopic = new TextDecoder().decode(y)
          }
        }
      }
      out.messages.push(m)
    }
  }
  return out
}

function lightpushRequest (requestId, pubsub, topic, text) {
  const nowNs = BigInt(Date.now()) * 1000000n
  const message = concat([fieldBytes(1, utf8(text)), fieldBytes(2, utf8(topic)), fieldVarint(10, nowNs << 1n)])
  return concat([fieldBytes(1, utf8(requestId)), fieldBytes(20, utf8(pubsub)), fieldBytes(21, message)])
}

function decodeLightpushResponse (bytes) {
  const out = {}
  for (const [n, v] of fields(bytes)) {
    if (n === 1) out.requestId = new TextDecoder().decode(v)
    else if (n === 10) out.statusCode = Number(v)
    else if (n === 11) out.statusDesc = new TextDecoder().decode(v)
  }
  return out
}

function decodeMetadata (bytes) {
  const out = { shards: [], packedShards: null }
  for (const [n, v] of fields(bytes)) {
    if (n === 1) out.clusterId = Number(v)
    else if (n === 2) out.shards.push(Number(v))
    else if (n === 3) {
      out.packedShards = []
      let pos = 0
      while (pos < v.length) { let s; [s, pos] = readVarint(v, pos); out.packedShards.push(Number(s)) }
    }
  }
  return out
}

async function waku (args) {
  const target = multiaddr(args[1])
  const pubsub = option(args, '--pubsub', '/waku/2/default-waku/proto')
  const topic = option(args, '--topic', '/lezpay/1/functional/proto')
  const cluster = Number(option(args, '--cluster', '1'))
  const pushProtocol = option(args, '--identify-push', '')
  const node = await makeNode('ed25519', false, { withPush: pushProtocol !== '' })
  const result = { peer: node.peerId.toString() }
  try {
    const identified = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no identify from the remote within 10 s')), 10000)
      node.addEventListener('peer:identify', (evt) => { clearTimeout(timer); resolve(evt.detail) })
    })
    const conn = await node.dial(target)
    result.remote = conn.remotePeer.toString()
    result.encryption = conn.encryption
    result.multiplexer = conn.multiplexer
    const id = await identified
    result.remote_agent = id.agentVersion
    result.remote_protocols = id.protocols
    result.ping_ms = await node.services.ping.ping(target)
    // js-waku's StreamManager pre-opens a stream per protocol and may use it much later.
    const idle = await conn.newStream(STORE)
    const meta = await conn.newStream(METADATA)
    result.metadata = decodeMetadata(await exchange(meta, concat([fieldVarint(1, cluster), fieldVarint(2, 0)])))
    const push = option(args, '--push', '')
    if (push) {
      const lpStream = await conn.newStream(LIGHTPUSH)
      result.lightpush = decodeLightpushResponse(await exchange(lpStream, lightpushRequest('js-push-1', pubsub, topic, push)))
    }
    const store = await conn.newStream(STORE)
    result.store = decodeStoreResponse(await exchange(store, storeRequest('js-raw-1', pubsub, topic)))
    const parallel = Number(option(args, '--parallel', '0'))
    if (parallel > 0) {
      const started = Date.now()
      const answers = await Promise.all(Array.from({ length: parallel }, async (_, i) => {
        const s = await conn.newStream(STORE)
        return decodeStoreResponse(await exchange(s, storeRequest(`js-par-${i}`, pubsub, topic)))
      }))
      result.parallel_ms = Date.now() - started
      result.parallel = answers.map((a) => ({ requestId: a.requestId, statusCode: a.statusCode, count: a.messages.length }))
    }
    await new Promise((resolve) => setTimeout(resolve, 1500))
    result.idle_status = idle.status
    result.idle_store = decodeStoreResponse(await exchange(idle, storeRequest('js-raw-idle', pubsub, topic)))
    if (pushProtocol) await identifyPushThenPing(node, conn, target, pushProtocol, result)
    result.open_connections = node.getConnections(conn.remotePeer).length
    say('result', { ok: true, ...result })
    await node.stop()
    process.exit(0)
  } catch (err) {
    say('result', { ok: false, detail: String(err && err.stack ? err.stack : err), ...result })
    await node.stop().catch(() => {})
    process.exit(1)
  }
}

async function listen (args) {
  const node = await makeNode(option(args, '--key', 'secp256k1'), true)
  const addr = node.getMultiaddrs()[0].toString()
  say('listening', { addr, peer: node.peerId.toString() })
  process.stdin.resume()
  process.stdin.on('end', async () => { await node.stop(); process.exit(0) })
}

async function dial (args) {
  const target = multiaddr(args[1])
  const streams = Number(option(args, '--streams', '0'))
  const bytes = Number(option(args, '--bytes', '100000'))
  const pings = Number(option(args, '--pings', '3'))
  const pushProtocol = option(args, '--identify-push', '')
  const node = await makeNode(option(args, '--key', 'ed25519'), false, { withPush: pushProtocol !== '' })
  const result = { peer: node.peerId.toString() }
  try {
    const identified = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no identify from the remote within 10 s')), 10000)
      node.addEventListener('peer:identify', (evt) => { clearTimeout(timer); resolve(evt.detail) })
    })
    const conn = await node.dial(target)
    result.remote = conn.remotePeer.toString()
    result.encryption = conn.encryption
    result.multiplexer = conn.multiplexer
    const id = await identified
    result.remote_agent = id.agentVersion
    result.remote_protocols = id.protocols
    result.ping_ms = []
    for (let i = 0; i < pings; i++) result.ping_ms.push(await node.services.ping.ping(target))
    if (streams > 0) {
      const started = Date.now()
      const sizes = await Promise.all(Array.from({ length: streams }, (_, i) => echoOnce(node, target, bytes, i)))
      result.echo_streams = sizes.length
      result.echo_bytes_each = bytes
      result.echo_ms = Date.now() - started
    }
    if (pushProtocol) await identifyPushThenPing(node, conn, target, pushProtocol, result)
    const rawPush = option(args, '--raw-identify-push', '')
    if (rawPush) await rawIdentifyPushThenPing(node, conn, target, rawPush, result)
    result.open_connections = node.getConnections(conn.remotePeer).length
    say('result', { ok: true, ...result })
    await node.stop()
    process.exit(0)
  } catch (err) {
    say('result', { ok: false, detail: String(err && err.stack ? err.stack : err), ...result })
    await node.stop().catch(() => {})
    process.exit(1)
  }
}

// Dials `target` and waits for its identify (our node's Store protocols are known then).
async function dialIdentified (node, target) {
  const identified = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no identify from the remote within 10 s')), 10000)
    node.addEventListener('peer:identify', (evt) => { clearTimeout(timer); resolve(evt.detail) })
  })
  const conn = await node.dial(target)
  await identified
  return conn
}

async function storeRaw (args) {
  const target = multiaddr(args[1])
  const request = Uint8Array.from(Buffer.from(option(args, '--hex', ''), 'hex'))
  const node = await makeNode(option(args, '--key', 'ed25519'), false, { seed: option(args, '--seed', '') })
  const result = { peer: node.peerId.toString() }
  try {
    const conn = await dialIdentified(node, target)
    result.remote = conn.remotePeer.toString()
    const started = Date.now()
    const stream = await conn.newStream(STORE)
    result.store = decodeStoreResponse(await exchange(stream, request))
    result.store_ms = Date.now() - started
    say('result', { ok: true, ...result })
    await node.stop()
    process.exit(0)
  } catch (err) {
    say('result', { ok: false, detail: String(err && err.stack ? err.stack : err), ...result })
    await node.stop().catch(() => {})
    process.exit(1)
  }
}

async function flood (args) {
  const target = multiaddr(args[1])
  const nodes = Number(option(args, '--nodes', '1'))
  const perNode = Number(option(args, '--streams', '100'))
  const bytes = Number(option(args, '--bytes', '100000'))
  const payload = new Uint8Array(bytes).fill(0x41)
  // A length prefix announcing more than is sent: the request never completes.
  const chunk = concat([uvarint(bytes + 1000), payload])
  const held = []
  let release
  const hold = new Promise((resolve) => { release = resolve })
  const made = []
  let opened = 0
  let failedOpen = 0
  for (let n = 0; n < nodes; n++) {
    const node = await makeNode('ed25519', false)
    made.push(node)
    const conn = await dialIdentified(node, target)
    for (let i = 0; i < perNode; i++) {
      try {
        const stream = await conn.newStream(STORE, { maxOutboundStreams: 4096 })
        opened++
        held.push(stream)
        stream.sink((async function * () { yield chunk; await hold })()).catch(() => {})
        ;(async () => { try { for await (const _ of stream.source) { /* nothing comes */ } } catch (_) {} })()
      } catch (err) {
        failedOpen++
      }
    }
  }
  // Let the writes drain and the server's resets come back.
  await new Promise((resolve) => setTimeout(resolve, 3000))
  const reset = held.filter((s) => s.status === 'reset' || s.status === 'aborted').length
  const open = held.filter((s) => s.status === 'open').length
  say('flooded', { opened, failed_open: failedOpen, reset, open, connections: made.map((m) => m.getConnections().length) })
  process.stdin.resume()
  process.stdin.on('end', async () => {
    release()
    for (const m of made) await m.stop().catch(() => {})
    process.exit(0)
  })
}

const args = process.argv.slice(2)
if (args[0] === 'listen') await listen(args)
else if (args[0] === 'dial') await dial(args)
else if (args[0] === 'waku') await waku(args)
else if (args[0] === 'store-raw') await storeRaw(args)
else if (args[0] === 'flood') await flood(args)
else { process.stderr.write('usage: node peer.mjs listen|dial|waku|store-raw|flood …\n'); process.exit(2) }

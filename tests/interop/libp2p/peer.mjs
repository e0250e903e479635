// A js-libp2p 2.8.11 peer (TCP, Noise, Yamux, identify, ping) driven by
// tests/functional/p2p_js_interop.py. Prints one JSON line per event on stdout.
//
//   node peer.mjs listen --key secp256k1|ed25519
//       listens on 127.0.0.1 (port 0), prints {"event":"listening","addr":…,"peer":…}, serves
//       /lezpay/echo/1.0.0 (echo to EOF), reports every identify it receives, and exits when stdin
//       closes.
//   node peer.mjs dial <multiaddr> [--key ed25519] [--streams N] [--bytes N] [--pings N]
//       dials, waits for identify of the remote, pings it, runs N concurrent echo streams, prints
//       {"event":"result","ok":…} and exits 0 on success, 1 otherwise.
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'

const ECHO = '/lezpay/echo/1.0.0'
const say = (event, fields = {}) => process.stdout.write(JSON.stringify({ event, ...fields }) + '\n')

function option (args, name, fallback) {
  const i = args.indexOf(name)
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback
}

async function makeNode (keyType, listen) {
  const privateKey = await generateKeyPair(keyType === 'secp256k1' ? 'secp256k1' : 'Ed25519')
  const node = await createLibp2p({
    privateKey,
    addresses: { listen: listen ? ['/ip4/127.0.0.1/tcp/0'] : [] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify(), ping: ping() }
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
  const node = await makeNode(option(args, '--key', 'ed25519'), false)
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

const args = process.argv.slice(2)
if (args[0] === 'listen') await listen(args)
else if (args[0] === 'dial') await dial(args)
else { process.stderr.write('usage: node peer.mjs listen|dial …\n'); process.exit(2) }

// A Waku Store and Lightpush peer that behaves as nwaku does towards a node that dials it (spec
// libp2p.md §8, §10, §13 "nwaku stand-in"), on js-libp2p 2.8.11 (TCP, Noise, Yamux, identify, ping)
// with a secp256k1 identity. Driven by tests/functional/delivery_libp2p_dial.py.
//
//   node store_peer.mjs --cluster C --messages FILE [--shards 0,1,2]
//
// - On every new connection it asks Waku metadata (its cluster and shards, FIN, reads the answer
//   to EOF) and aborts the connection when the answer's cluster differs from C or the exchange
//   fails, as nwaku does.
// - Store v3: reads one LP(request), waits for that connection's metadata check, answers every
//   query with the messages of FILE (JSON [{payload, contentTopic, pubsubTopic, timestamp}], the
//   request id echoed), FINs, then waits for the requester's EOF (nwaku's order).
// - Lightpush v3: answers 200 with relay_peer_count 1 and reports the message.
// Prints one JSON line per event: listening {addr, peer}, connection {opened, open, remote},
// closed {open}, identify {peer, agent, protocols}, metadata {clusterId, shards, ok},
// store {requestId, contentTopics, eligibilityProof}, lightpush {requestId, pubsubTopic, message}.
// Exits when stdin closes.
import { readFileSync } from 'node:fs'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { generateKeyPair } from '@libp2p/crypto/keys'
import {
  decodeLightpushRequest, decodeMetadata, decodeStoreRequest, encodeLightpushResponse, encodeMetadata, encodeStoreResponse, lp, readLp
} from './waku_wire.mjs'

const STORE = '/vac/waku/store-query/3.0.0'
const LIGHTPUSH = '/vac/waku/lightpush/3.0.0'
const METADATA = '/vac/waku/metadata/1.0.0'
const say = (event, fields = {}) => process.stdout.write(JSON.stringify({ event, ...fields }) + '\n')

function option (args, name, fallback) {
  const i = args.indexOf(name)
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback
}

const args = process.argv.slice(2)
const cluster = Number(option(args, '--cluster', '0'))
const shards = option(args, '--shards', '0').split(',').map(Number)
const messages = JSON.parse(readFileSync(option(args, '--messages', '/dev/null'), 'utf8') || '[]')

async function drain (iterator) {
  while (!(await iterator.next()).done) { /* to EOF */ }
}

// nwaku's metadata request on a new connection; false (and the connection aborted) on a mismatch.
async function checkMetadata (conn) {
  try {
    const s = await conn.newStream(METADATA)
    await s.sink([lp(encodeMetadata(cluster, shards))])
    const it = s.source[Symbol.asyncIterator]()
    const answer = decodeMetadata(await readLp(it, 1024))
    await drain(it)
    const ok = answer.clusterId === cluster
    say('metadata', { remote: conn.remotePeer.toString(), clusterId: answer.clusterId, shards: answer.shards, ok })
    if (!ok) conn.abort(new Error(`cluster ${answer.clusterId} is not ${cluster}`))
    return ok
  } catch (err) {
    say('metadata', { remote: conn.remotePeer.toString(), ok: false, error: String(err) })
    conn.abort(new Error('metadata failed'))
    return false
  }
}

const verdicts = new Map()
const verdictFor = (conn) => {
  if (!verdicts.has(conn.id)) verdicts.set(conn.id, checkMetadata(conn))
  return verdicts.get(conn.id)
}

const node = await createLibp2p({
  privateKey: await generateKeyPair('secp256k1'),
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: { identify: identify(), ping: ping() }
})

let opened = 0
let open = 0
node.addEventListener('connection:open', (evt) => {
  opened++
  open++
  say('connection', { opened, open, remote: evt.detail.remotePeer.toString(), direction: evt.detail.direction })
  verdictFor(evt.detail)
})
node.addEventListener('connection:close', () => {
  open--
  say('closed', { open })
})
node.addEventListener('peer:identify', (evt) => {
  const d = evt.detail
  say('identify', { peer: d.peerId.toString(), agent: d.agentVersion, protocols: d.protocols })
})

await node.handle(STORE, async ({ stream, connection }) => {
  try {
    const it = stream.source[Symbol.asyncIterator]()
    const q = decodeStoreRequest(await readLp(it))
    say('store', { requestId: q.requestId, contentTopics: q.contentTopics, eligibilityProof: q.eligibilityProof || null })
    if (!(await verdictFor(connection))) return
    await stream.sink([lp(encodeStoreResponse(q.requestId, messages))])
    await drain(it)
  } catch (err) {
    say('store_error', { error: String(err) })
  }
}, { maxInboundStreams: 1024 })

await node.handle(LIGHTPUSH, async ({ stream, connection }) => {
  try {
    const it = stream.source[Symbol.asyncIterator]()
    const r = decodeLightpushRequest(await readLp(it))
    say('lightpush', r)
    if (!(await verdictFor(connection))) return
    await stream.sink([lp(encodeLightpushResponse(r.requestId, 1))])
    await drain(it)
  } catch (err) {
    say('lightpush_error', { error: String(err) })
  }
}, { maxInboundStreams: 1024 })

say('listening', { addr: node.getMultiaddrs()[0].toString(), peer: node.peerId.toString() })
process.stdin.resume()
process.stdin.on('end', async () => { await node.stop(); process.exit(0) })

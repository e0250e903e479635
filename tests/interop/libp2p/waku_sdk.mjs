// A @waku/sdk 0.0.36 light node (js-libp2p 2.8.11, TCP + Yamux instead of its WebSockets + mplex
// defaults, spec libp2p.md §9) run by tests/functional/delivery_libp2p.py under Node 22:
//
//   node waku_sdk.mjs store <multiaddr> --topic T [--cluster C]
//       waits for a Store peer while dialing <multiaddr>, queries T forward with the SDK's Store
//       client, prints {"event":"result","ok":…,"messages":[{payload, contentTopic, pubsubTopic, hash}]}
//       and exits 0 on success, 1 otherwise; "query_ms" is the time the Store query took (also when
//       it failed: a refusal must come back promptly, with the status and its description in
//       "detail").
import { createLightNode, Protocols } from '@waku/sdk'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@chainsafe/libp2p-yamux'
import { multiaddr } from '@multiformats/multiaddr'

const say = (event, fields = {}) => process.stdout.write(JSON.stringify({ event, ...fields }) + '\n')

function option (args, name, fallback) {
  const i = args.indexOf(name)
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback
}

async function store (args) {
  const target = multiaddr(args[1])
  const contentTopic = option(args, '--topic', '/toychat/2/huilong/proto')
  const clusterId = Number(option(args, '--cluster', '1'))
  const node = await createLightNode({
    defaultBootstrap: false,
    networkConfig: { clusterId, numShardsInCluster: 8 },
    libp2p: { transports: [tcp()], streamMuxers: [yamux()] }
  })
  const result = { peer: node.libp2p.peerId.toString() }
  let queryStarted = 0
  try {
    await node.start()
    const waiting = node.waitForPeers([Protocols.Store], 10000)
    await node.libp2p.dial(target)
    await waiting
    const decoder = node.createDecoder({ contentTopic })
    result.pubsubTopic = decoder.pubsubTopic
    result.messages = []
    const td = new TextDecoder()
    queryStarted = Date.now()
    await node.store.queryWithOrderedCallback([decoder], (m) => {
      result.messages.push({ payload: td.decode(m.payload), contentTopic: m.contentTopic, pubsubTopic: m.pubsubTopic, hash: m.hashStr })
    }, { paginationForward: true })
    result.query_ms = Date.now() - queryStarted
    say('result', { ok: true, ...result })
    await node.stop()
    process.exit(0)
  } catch (err) {
    if (queryStarted) result.query_ms = Date.now() - queryStarted
    say('result', { ok: false, detail: String(err && err.stack ? err.stack : err), ...result })
    await node.stop().catch(() => {})
    process.exit(1)
  }
}

const args = process.argv.slice(2)
if (args[0] === 'store') await store(args)
else { process.stderr.write('usage: node waku_sdk.mjs store <multiaddr> --topic T [--cluster C]\n'); process.exit(2) }

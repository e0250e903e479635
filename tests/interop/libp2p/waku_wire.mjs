// Hand-written protobuf and LP framing for the Waku messages the interop scripts exchange
// (spec waku-store.md §1, §2, §6, §7; libp2p.md §8). Plain functions over Uint8Array.
import { createHash } from 'node:crypto'

export function uvarint (n) {
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

export function concat (parts) {
  const total = parts.reduce((n, p) => n + p.length, 0)
  const out = new Uint8Array(total)
  let off = 0
  for (const p of parts) { out.set(p, off); off += p.length }
  return out
}

export const lp = (bytes) => concat([uvarint(bytes.length), bytes])
export const fieldBytes = (n, bytes) => concat([uvarint((n << 3) | 2), uvarint(bytes.length), bytes])
export const fieldVarint = (n, v) => concat([uvarint(n << 3), uvarint(v)])
export const utf8 = (s) => new TextEncoder().encode(s)
export const text = (b) => new TextDecoder().decode(b)
export const hex = (b) => Buffer.from(b).toString('hex')

export function readVarint (buf, pos) {
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
export function fields (buf) {
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

// Reads one LP frame from an async iterator of Uint8ArrayList chunks, without waiting for EOF.
export async function readLp (iterator, max = 16 << 20) {
  let buf = new Uint8Array(0)
  for (;;) {
    try {
      const [len, pos] = readVarint(buf, 0)
      if (Number(len) > max) throw new Error(`frame of ${len} bytes is above ${max}`)
      if (buf.length >= pos + Number(len)) return buf.subarray(pos, pos + Number(len))
    } catch (err) {
      if (!String(err).includes('truncated')) throw err
    }
    const { value, done } = await iterator.next()
    if (done) throw new Error(`stream ended after ${buf.length} bytes, before a whole frame`)
    buf = concat([buf, value.subarray()])
  }
}

// Waku's deterministic message hash (waku-store.md §6).
export function messageHash (pubsubTopic, m) {
  const ts = Buffer.alloc(8)
  ts.writeBigInt64BE(BigInt(m.timestamp))
  return new Uint8Array(createHash('sha256').update(utf8(pubsubTopic)).update(utf8(m.payload)).update(utf8(m.contentTopic))
    .update(ts).digest())
}

const zigzag = (n) => { const v = BigInt(n); return v >= 0n ? v << 1n : ((-v) << 1n) - 1n }

export function encodeWakuMessage (m) {
  return concat([fieldBytes(1, utf8(m.payload)), fieldBytes(2, utf8(m.contentTopic)), fieldVarint(3, 0), fieldVarint(10, zigzag(m.timestamp))])
}

export function decodeWakuMessage (bytes) {
  const m = { payload: '', contentTopic: '' }
  for (const [n, v] of fields(bytes)) {
    if (n === 1) m.payload = text(v)
    else if (n === 2) m.contentTopic = text(v)
    else if (n === 10) m.timestamp = String((v >> 1n) ^ -(v & 1n))
  }
  return m
}

export function decodeStoreRequest (bytes) {
  const q = { contentTopics: [] }
  for (const [n, v] of fields(bytes)) {
    if (n === 1) q.requestId = text(v)
    else if (n === 2) q.includeData = v === 1n
    else if (n === 10) q.pubsubTopic = text(v)
    else if (n === 11) q.contentTopics.push(text(v))
    else if (n === 30) q.eligibilityProof = hex(v)
  }
  return q
}

// A SUCCESS response holding `messages` ({payload, contentTopic, timestamp, pubsubTopic}).
export function encodeStoreResponse (requestId, messages) {
  const entries = messages.map((m) => fieldBytes(20, concat([fieldBytes(1, messageHash(m.pubsubTopic, m)), fieldBytes(2, encodeWakuMessage(m)),
    fieldBytes(3, utf8(m.pubsubTopic))])))
  return concat([fieldBytes(1, utf8(requestId)), fieldVarint(10, 200), fieldBytes(11, utf8('OK')), ...entries])
}

export function decodeLightpushRequest (bytes) {
  const r = {}
  for (const [n, v] of fields(bytes)) {
    if (n === 1) r.requestId = text(v)
    else if (n === 20) r.pubsubTopic = text(v)
    else if (n === 21) r.message = decodeWakuMessage(v)
  }
  return r
}

export function encodeLightpushResponse (requestId, relayPeers) {
  return concat([fieldBytes(1, utf8(requestId)), fieldVarint(10, 200), fieldBytes(11, utf8('OK')), fieldVarint(12, relayPeers)])
}

// Waku metadata (libp2p.md §8): cluster always, shards unpacked in field 2.
export function encodeMetadata (cluster, shards) {
  return concat([fieldVarint(1, cluster), ...shards.map((s) => fieldVarint(2, s))])
}

export function decodeMetadata (bytes) {
  const out = { shards: [] }
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

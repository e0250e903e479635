#include "lezpay/p2pnet/p2p_connection.h"

#include <QHostAddress>
#include <QLoggingCategory>

#include <openssl/rand.h>

#include <algorithm>
#include <cstdlib>

#include "lezpay/libp2p/identify_push.h"
#include "lezpay/p2pnet/identify_push_receiver.h"

namespace lezpay::p2pnet {

Q_LOGGING_CATEGORY(lcP2pNet, "lezpay.p2pnet")

using namespace lezpay::libp2p;

Key32 randomKey32() {
  Key32 k{};
  if (RAND_bytes(k.data(), static_cast<int>(k.size())) != 1) std::abort();
  return k;
}

std::shared_ptr<const NoiseCredential> credentialWithFreshStaticKey(const Secp256k1Identity& identity) {
  // X25519 accepts every 32-byte private key, so this cannot fail.
  auto c = noiseCredentialFromIdentity(identity, randomKey32());
  if (!c.ok()) std::abort();
  return std::make_shared<const NoiseCredential>(std::move(c).value());
}

P2pConnection::P2pConnection(QTcpSocket* socket, Options options, QObject* parent)
    : QObject(parent), socket_(socket), opt_(std::move(options)) {
  socket_->setParent(this);
  const auto& served = opt_.servedProtocols;
  if (std::find(served.begin(), served.end(), kIdentifyPushProtocol) == served.end()) opt_.servedProtocols.push_back(kIdentifyPushProtocol);
  connect(socket_, &QTcpSocket::readyRead, this, &P2pConnection::onReadyRead);
  connect(socket_, &QTcpSocket::disconnected, this, [this] {
    if (stage_ != Stage::CLOSED) {
      stage_ = Stage::CLOSED;
      handshakeTimer_.stop();
      idleTimer_.stop();
      resetAllHandlers();
      emit closed();
    }
  });
  handshakeTimer_.setSingleShot(true);
  connect(&handshakeTimer_, &QTimer::timeout, this, [this] { close("HANDSHAKE_TIMEOUT", "the connection upgrade did not finish in time"); });
  handshakeTimer_.start(opt_.handshakeTimeoutMs);
  idleTimer_.setSingleShot(true);
  connect(&idleTimer_, &QTimer::timeout, this, [this] { close("IDLE_TIMEOUT", "no traffic on the connection for too long"); });
  idleTimer_.start(opt_.idleTimeoutMs);
  if (opt_.dialer) {
    mssDialer_.emplace(std::vector<std::string>{"/noise"});
    // Header and proposal go out in one write once TCP is up.
    if (socket_->state() == QAbstractSocket::ConnectedState) {
      sendRaw(mssDialer_->start());
    } else {
      connect(socket_, &QTcpSocket::connected, this, [this] { sendRaw(mssDialer_->start()); });
      connect(socket_, &QTcpSocket::errorOccurred, this, [this] {
        if (stage_ == Stage::SECURITY_MSS && socket_->state() != QAbstractSocket::ConnectedState) {
          close("CONNECT_FAILED", socket_->errorString().toStdString());
        }
      });
    }
  } else {
    mssListener_.emplace(std::vector<std::string>{"/noise"});
    sendRaw(mssListener_->start());
  }
}

P2pConnection::~P2pConnection() {
  // Handlers may hold callbacks that outlive us (a Store answer still being computed).
  if (stage_ != Stage::CLOSED) {
    stage_ = Stage::CLOSED;
    resetAllHandlers();
  }
}

std::string P2pConnection::remoteAddress() const {
  QHostAddress a = socket_->peerAddress();
  bool v4 = false;
  const quint32 ip = a.toIPv4Address(&v4);
  std::string out = v4 ? "/ip4/" + QHostAddress(ip).toString().toStdString() : "/ip6/" + a.toString().toStdString();
  out += "/tcp/" + std::to_string(socket_->peerPort());
  if (remote_) out += "/p2p/" + remote_->toBase58();
  return out;
}

void P2pConnection::resetAllHandlers() {
  auto streams = std::move(streams_);
  streams_.clear();
  for (auto& [id, ctx] : streams) {
    if (ctx.handler) ctx.handler->onReset(*this, id);
  }
}

void P2pConnection::close(const std::string& code, const std::string& message) {
  if (stage_ == Stage::CLOSED) return;
  if (!code.empty()) {
    qCInfo(lcP2pNet, "connection %s closed: %s: %s", remoteAddress().c_str(), code.c_str(), message.c_str());
    emit failed(QString::fromStdString(code), QString::fromStdString(message));
  }
  stage_ = Stage::CLOSED;
  handshakeTimer_.stop();
  idleTimer_.stop();
  socket_->abort();
  resetAllHandlers();
  emit closed();
}

void P2pConnection::goAway() {
  if (stage_ != Stage::YAMUX) return;
  yamux_->goAway(YamuxGoAwayCode::NORMAL);
  flushYamux();
  socket_->flush();
}

void P2pConnection::sendRaw(const std::vector<std::uint8_t>& bytes) {
  if (bytes.empty() || stage_ == Stage::CLOSED) return;
  socket_->write(reinterpret_cast<const char*>(bytes.data()), static_cast<qint64>(bytes.size()));
  idleTimer_.start(opt_.idleTimeoutMs);
}

void P2pConnection::sendEncrypted(const std::vector<std::uint8_t>& plain) {
  if (plain.empty() || !transport_) return;
  auto frames = transport_->encrypt(plain);
  if (!frames.ok()) return close(frames.error().code, frames.error().message);
  sendRaw(*frames);
}

void P2pConnection::flushYamux() {
  if (yamux_ && yamux_->hasOutput()) sendEncrypted(yamux_->takeOutput());
}

void P2pConnection::onReadyRead() {
  const QByteArray data = socket_->readAll();
  if (stage_ == Stage::CLOSED || data.isEmpty()) return;
  idleTimer_.start(opt_.idleTimeoutMs);
  handleBytes(std::vector<std::uint8_t>(data.begin(), data.end()));
}

void P2pConnection::handleBytes(std::vector<std::uint8_t> bytes) {
  if (stage_ == Stage::SECURITY_MSS) {
    auto step = opt_.dialer ? mssDialer_->feed(bytes) : mssListener_->feed(bytes);
    if (!step.ok()) return close(step.error().code, step.error().message);
    sendRaw(step->output);
    if (!step->selected) return;
    NoiseConfig cfg{opt_.dialer, opt_.credential.get(), randomKey32(), opt_.expectedRemote};
    auto hs = NoiseHandshake::create(cfg);
    if (!hs.ok()) return close(hs.error().code, hs.error().message);
    noise_.emplace(std::move(hs).value());
    stage_ = Stage::NOISE;
    sendRaw(noise_->start());
    bytes = std::move(step->remainder);
    if (bytes.empty()) return;
  }
  if (stage_ == Stage::NOISE) {
    auto step = noise_->feed(bytes);
    if (!step.ok()) return close(step.error().code, step.error().message);
    sendRaw(step->output);
    if (!step->done) return;
    remote_ = noise_->remotePeerId();
    transport_.emplace(noise_->takeTransport());
    bytes = noise_->takeRemainder();
    noise_.reset();
    stage_ = Stage::MUXER_MSS;
    startMuxerNegotiation();
    if (bytes.empty()) return;
  }
  if (stage_ == Stage::MUXER_MSS || stage_ == Stage::YAMUX) {
    std::vector<std::uint8_t> plain;
    auto s = transport_->decrypt(bytes, plain);
    if (!s.ok()) return close(s.error().code, s.error().message);
    if (!plain.empty()) handlePlaintext(std::move(plain));
  }
}

void P2pConnection::startMuxerNegotiation() {
  if (opt_.dialer) {
    mssDialer_.emplace(std::vector<std::string>{"/yamux/1.0.0"});
    sendEncrypted(mssDialer_->start());
  } else {
    mssListener_.emplace(std::vector<std::string>{"/yamux/1.0.0"});
    sendEncrypted(mssListener_->start());
  }
}

void P2pConnection::handlePlaintext(std::vector<std::uint8_t> plain) {
  if (stage_ == Stage::MUXER_MSS) {
    auto step = opt_.dialer ? mssDialer_->feed(plain) : mssListener_->feed(plain);
    if (!step.ok()) return close(step.error().code, step.error().message);
    sendEncrypted(step->output);
    if (!step->selected) return;
    YamuxConfig cfg;
    cfg.client = opt_.dialer;
    cfg.maxStreams = opt_.maxStreams;
    yamux_.emplace(cfg);
    stage_ = Stage::YAMUX;
    handshakeTimer_.stop();
    emit established();
    plain = std::move(step->remainder);
    if (plain.empty() || stage_ != Stage::YAMUX) return;
  }
  if (stage_ != Stage::YAMUX) return;
  auto s = yamux_->feed(plain);
  flushYamux();
  if (!s.ok()) return close(s.error().code, s.error().message);
  processYamuxEvents();
}

void P2pConnection::processYamuxEvents() {
  if (inEvents_) return;  // handlers that write re-enter through flush; one loop drains everything
  inEvents_ = true;
  while (stage_ == Stage::YAMUX) {
    auto e = yamux_->nextEvent();
    if (!e) break;
    switch (e->type) {
      case YamuxEventType::STREAM_OPENED: {
        StreamCtx ctx;
        ctx.listener.emplace(opt_.servedProtocols);
        (void)yamux_->write(e->streamId, ctx.listener->start());
        streams_[e->streamId] = std::move(ctx);
        break;
      }
      case YamuxEventType::STREAM_DATA:
        streamBytes(e->streamId, yamux_->read(e->streamId));
        break;
      case YamuxEventType::STREAM_REMOTE_CLOSED: {
        auto it = streams_.find(e->streamId);
        if (it != streams_.end() && it->second.handler && it->second.negotiated) {
          it->second.handler->onRemoteClose(*this, e->streamId);
        } else if (it != streams_.end()) {
          // Closed before negotiating: nothing will come; reset our side.
          failStream(e->streamId, {"STREAM_CLOSED", "the peer closed the stream before negotiating a protocol"});
        }
        break;
      }
      case YamuxEventType::STREAM_RESET: {
        auto it = streams_.find(e->streamId);
        if (it != streams_.end()) {
          auto handler = std::move(it->second.handler);
          streams_.erase(it);
          if (handler) handler->onReset(*this, e->streamId);
        }
        break;
      }
      case YamuxEventType::PING_ACK:
        break;
      case YamuxEventType::GO_AWAY:
        qCInfo(lcP2pNet, "%s goes away (code %llu)", remoteAddress().c_str(), static_cast<unsigned long long>(e->value));
        emit remoteGoingAway(static_cast<quint64>(e->value));
        break;
    }
    flushYamux();
  }
  // Forget streams the session forgot (both FINs exchanged).
  for (auto it = streams_.begin(); it != streams_.end();) {
    if (stage_ == Stage::YAMUX && !yamux_->hasStream(it->first)) {
      it = streams_.erase(it);
    } else {
      ++it;
    }
  }
  inEvents_ = false;
}

void P2pConnection::streamBytes(std::uint32_t id, std::vector<std::uint8_t> data) {
  auto it = streams_.find(id);
  if (it == streams_.end() || data.empty()) return;
  StreamCtx& ctx = it->second;
  if (!ctx.negotiated) {
    auto step = ctx.dialer ? ctx.dialer->feed(data) : ctx.listener->feed(data);
    if (!step.ok()) return failStream(id, step.error());
    if (!step->output.empty()) (void)yamux_->write(id, step->output);
    if (!step->selected) return;
    ctx.negotiated = true;
    if (!ctx.handler) {
      ctx.handler = inboundHandler(*step->selected);
      if (!ctx.handler) return failStream(id, {"NO_HANDLER", "no handler for " + *step->selected});
    }
    ctx.handler->onOpen(*this, id);
    data = std::move(step->remainder);
    if (data.empty()) return;
  }
  // The handler may reset the stream; look it up again.
  it = streams_.find(id);
  if (it != streams_.end() && it->second.handler) it->second.handler->onData(*this, id, data);
}

void P2pConnection::failStream(std::uint32_t id, const lezpay::util::Error& e) {
  qCInfo(lcP2pNet, "stream %u of %s reset: %s: %s", id, remoteAddress().c_str(), e.code.c_str(), e.message.c_str());
  emit streamFailed(id, QString::fromStdString(e.code), QString::fromStdString(e.message));
  auto it = streams_.find(id);
  std::unique_ptr<P2pStreamHandler> handler;
  if (it != streams_.end()) {
    handler = std::move(it->second.handler);
    streams_.erase(it);
  }
  if (yamux_ && yamux_->hasStream(id)) (void)yamux_->reset(id);
  flushYamux();
  if (handler) {
    handler->onError(*this, id, e);
    handler->onReset(*this, id);
  }
}

std::unique_ptr<P2pStreamHandler> P2pConnection::inboundHandler(const std::string& protocol) {
  if (protocol == kIdentifyPushProtocol) return std::make_unique<IdentifyPushReceiver>();
  return opt_.inbound ? opt_.inbound(*this, protocol) : nullptr;
}

void P2pConnection::acceptIdentifyPush(std::uint32_t id, lezpay::util::Result<Identify> pushed) {
  if (stage_ != Stage::YAMUX) return;
  auto applied = pushed.ok() ? applyIdentifyPush(*remote_, remoteIdentify_, *pushed) : lezpay::util::Result<Identify>(pushed.error());
  if (!applied.ok()) {
    // Not failStream(): the handler calling us would be destroyed under itself. The sweep in
    // processYamuxEvents forgets the reset stream.
    const auto& e = applied.error();
    qCInfo(lcP2pNet, "identify push on stream %u of %s refused: %s: %s", id, remoteAddress().c_str(), e.code.c_str(), e.message.c_str());
    emit streamFailed(id, QString::fromStdString(e.code), QString::fromStdString(e.message));
    return reset(id);
  }
  remoteIdentify_ = std::move(applied).value();
  qCInfo(lcP2pNet, "identify push from %s: %zu protocols", remoteAddress().c_str(), remoteIdentify_.protocols.size());
  closeWrite(id);
  emit remoteIdentifyChanged();
}

bool P2pConnection::openStream(const std::string& protocol, std::unique_ptr<P2pStreamHandler> handler) {
  if (stage_ != Stage::YAMUX) return false;
  auto id = yamux_->openStream();
  if (!id.ok()) {
    qCInfo(lcP2pNet, "cannot open a stream to %s: %s: %s", remoteAddress().c_str(), id.error().code.c_str(), id.error().message.c_str());
    emit streamRefused(QString::fromStdString(id.error().code), QString::fromStdString(id.error().message));
    return false;
  }
  StreamCtx ctx;
  ctx.dialer.emplace(std::vector<std::string>{protocol});
  ctx.handler = std::move(handler);
  (void)yamux_->write(*id, ctx.dialer->start());
  streams_[*id] = std::move(ctx);
  flushYamux();
  return true;
}

void P2pConnection::write(std::uint32_t id, const std::vector<std::uint8_t>& data) {
  if (stage_ != Stage::YAMUX) return;
  (void)yamux_->write(id, data);
  flushYamux();
}

void P2pConnection::closeWrite(std::uint32_t id) {
  if (stage_ != Stage::YAMUX) return;
  (void)yamux_->closeWrite(id);
  flushYamux();
  // The stream's context (and the handler that may be calling us) goes in processYamuxEvents' sweep.
}

void P2pConnection::reset(std::uint32_t id) {
  if (stage_ != Stage::YAMUX) return;
  (void)yamux_->reset(id);
  flushYamux();
}

}  // namespace lezpay::p2pnet

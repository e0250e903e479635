#include "p2p_connection.h"

#include <openssl/rand.h>

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <cstdlib>

using namespace lezpay::libp2p;

void logEvent(const QString& name, const QVariantMap& fields) {
  QVariantMap m = fields;
  m.insert("event", name);
  const QByteArray line = QJsonDocument(QJsonObject::fromVariantMap(m)).toJson(QJsonDocument::Compact);
  std::fprintf(stdout, "%s\n", line.constData());
  std::fflush(stdout);
}

Key32 randomKey() {
  Key32 k{};
  if (RAND_bytes(k.data(), static_cast<int>(k.size())) != 1) std::abort();
  return k;
}

P2pConnection::P2pConnection(QTcpSocket* socket, Options options, QObject* parent)
    : QObject(parent), socket_(socket), opt_(std::move(options)) {
  socket_->setParent(this);
  connect(socket_, &QTcpSocket::readyRead, this, &P2pConnection::onReadyRead);
  connect(socket_, &QTcpSocket::disconnected, this, [this] {
    if (stage_ != Stage::CLOSED) {
      stage_ = Stage::CLOSED;
      emit closed();
    }
  });
  handshakeTimer_.setSingleShot(true);
  connect(&handshakeTimer_, &QTimer::timeout, this, [this] { close("HANDSHAKE_TIMEOUT", "the connection upgrade did not finish in time"); });
  handshakeTimer_.start(opt_.handshakeTimeoutMs);
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

void P2pConnection::close(const std::string& code, const std::string& message) {
  if (stage_ == Stage::CLOSED) return;
  if (!code.empty()) logEvent("connection_error", {{"code", QString::fromStdString(code)}, {"message", QString::fromStdString(message)}});
  stage_ = Stage::CLOSED;
  handshakeTimer_.stop();
  socket_->disconnectFromHost();
  socket_->abort();
  emit closed();
}

void P2pConnection::goAway() {
  if (!yamux_ || stage_ != Stage::YAMUX) return;
  yamux_->goAway(YamuxGoAwayCode::NORMAL);
  flushYamux();
  socket_->flush();
}

void P2pConnection::sendRaw(const std::vector<std::uint8_t>& bytes) {
  if (!bytes.empty()) socket_->write(reinterpret_cast<const char*>(bytes.data()), static_cast<qint64>(bytes.size()));
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
  handleBytes(std::vector<std::uint8_t>(data.begin(), data.end()));
}

void P2pConnection::handleBytes(std::vector<std::uint8_t> bytes) {
  if (stage_ == Stage::SECURITY_MSS) {
    auto step = opt_.dialer ? mssDialer_->feed(bytes) : mssListener_->feed(bytes);
    if (!step.ok()) return close(step.error().code, step.error().message);
    sendRaw(step->output);
    if (!step->selected) return;
    NoiseConfig cfg{opt_.dialer, opt_.identity, opt_.noiseStatic, randomKey(), opt_.expectedRemote};
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
    yamux_.emplace(YamuxConfig{opt_.dialer});
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
        if (it != streams_.end() && it->second.handler) {
          it->second.handler->onRemoteClose(*this, e->streamId);
        } else if (it != streams_.end()) {
          // Closed before negotiating: nothing will come; reset our side.
          reset(e->streamId);
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
        logEvent("go_away", {{"code", e->value}});
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
      ctx.handler = opt_.inbound ? opt_.inbound(*step->selected) : nullptr;
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
  emit streamFailed(id, QString::fromStdString(e.code), QString::fromStdString(e.message));
  auto it = streams_.find(id);
  std::unique_ptr<StreamHandler> handler;
  if (it != streams_.end()) {
    handler = std::move(it->second.handler);
    streams_.erase(it);
  }
  if (yamux_->hasStream(id)) (void)yamux_->reset(id);
  flushYamux();
  if (handler) handler->onReset(*this, id);
}

bool P2pConnection::openStream(const std::string& protocol, std::unique_ptr<StreamHandler> handler) {
  if (stage_ != Stage::YAMUX) return false;
  auto id = yamux_->openStream();
  if (!id.ok()) {
    logEvent("stream_refused", {{"code", QString::fromStdString(id.error().code)}, {"message", QString::fromStdString(id.error().message)}});
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

#include "child_peer_channel.h"

#include <QPointer>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace logos::host {

ChildPeerChannel::ChildPeerChannel(int fd, std::function<void(Json)> onFrame, std::function<void()> onClosed)
    : fd_(fd), onFrame_(std::move(onFrame)), onClosed_(std::move(onClosed)) {
  ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
  ::fcntl(fd_, F_SETFD, FD_CLOEXEC);
  readNotifier_ = new QSocketNotifier(fd_, QSocketNotifier::Read, this);
  writeNotifier_ = new QSocketNotifier(fd_, QSocketNotifier::Write, this);
  writeNotifier_->setEnabled(false);
  connect(readNotifier_, &QSocketNotifier::activated, this, [this] { onReadable(); });
  connect(writeNotifier_, &QSocketNotifier::activated, this, [this] { flush(); });
}

ChildPeerChannel::~ChildPeerChannel() {
  if (fd_ >= 0) ::close(fd_);
}

bool ChildPeerChannel::send(const Json& message) {
  if (fd_ < 0) return false;
  const bool idle = outbox_.empty();
  if (!appendChildFrame(outbox_, message)) return false;
  // While a batch of frames is handled, their answers (and the calls they trigger) leave in one
  // write when the batch ends: one wake-up of the peer instead of one per frame.
  if (idle && !batching_) flush();
  return true;
}

void ChildPeerChannel::flush() {
  while (fd_ >= 0 && !outbox_.empty()) {
    const ssize_t n = ::send(fd_, outbox_.data(), outbox_.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      outbox_.erase(0, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      writeNotifier_->setEnabled(true);
      return;
    }
    close();
    return;
  }
  if (writeNotifier_ != nullptr) writeNotifier_->setEnabled(false);
}

void ChildPeerChannel::onReadable() {
  QPointer<ChildPeerChannel> self(this);
  char buf[65536];
  bool eof = false;
  while (fd_ >= 0) {
    const ssize_t n = ::recv(fd_, buf, sizeof(buf), MSG_DONTWAIT);
    if (n > 0) {
      reader_.feed(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    eof = true;
    break;
  }
  // Frames read before the end still count: replies the peer wrote just before it died.
  batching_ = true;
  while (self && fd_ >= 0) {
    auto f = reader_.next();
    if (!f.ok()) {
      qWarning("direct channel: %s; closing it", f.error().message.c_str());
      eof = true;
      break;
    }
    if (!f.value()) break;
    onFrame_(std::move(*f.value()));
  }
  if (!self) return;
  batching_ = false;
  if (fd_ >= 0 && !outbox_.empty() && !writeNotifier_->isEnabled()) flush();
  if (eof) close();
}

void ChildPeerChannel::close() {
  if (fd_ < 0) return;
  readNotifier_->setEnabled(false);
  writeNotifier_->setEnabled(false);
  ::close(fd_);
  fd_ = -1;
  outbox_.clear();
  if (onClosed_) {
    auto closed = std::move(onClosed_);
    onClosed_ = nullptr;
    closed();
  }
}

}  // namespace logos::host

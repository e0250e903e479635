#include "transport/socket_channel.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QPointer>

#include <algorithm>
#include <cerrno>

namespace delivery::transport {
namespace {

constexpr int kReadChunkBytes = 64 * 1024;
// Acknowledgments on a live connection arrive within a round trip: poll soon, then back off for a
// slow reader of a large answer (the owner's deadline bounds the wait).
constexpr int kAckPollFirstMs = 1;
constexpr int kAckPollMaxMs = 50;

std::string endpointOf(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof(ss);
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return {};
  char text[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&ss);
    ::inet_ntop(AF_INET, &a->sin_addr, text, sizeof(text));
    return std::string("/ip4/") + text + "/tcp/" + std::to_string(ntohs(a->sin_port));
  }
  if (ss.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&ss);
    if (IN6_IS_ADDR_V4MAPPED(&a->sin6_addr)) {
      ::inet_ntop(AF_INET, &a->sin6_addr.s6_addr[12], text, sizeof(text));
      return std::string("/ip4/") + text + "/tcp/" + std::to_string(ntohs(a->sin6_port));
    }
    ::inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof(text));
    return std::string("/ip6/") + text + "/tcp/" + std::to_string(ntohs(a->sin6_port));
  }
  return {};
}

}  // namespace

SocketChannel::SocketChannel(int fd, QObject* parent)
    : QObject(parent),
      fd_(fd),
      readNotifier_(fd, QSocketNotifier::Read),
      writeNotifier_(fd, QSocketNotifier::Write) {
  const int flags = ::fcntl(fd_, F_GETFL, 0);
  ::fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
  // Small request/response messages: send each at once instead of waiting for the peer's ACK.
  const int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  remote_ = endpointOf(fd_);
  writeNotifier_.setEnabled(false);
  connect(&readNotifier_, &QSocketNotifier::activated, this, &SocketChannel::onReadable);
  connect(&writeNotifier_, &QSocketNotifier::activated, this, &SocketChannel::flush);
  ackPoll_.setInterval(kAckPollFirstMs);
  connect(&ackPoll_, &QTimer::timeout, this, &SocketChannel::checkAcknowledged);
}

SocketChannel::~SocketChannel() { closeFd(); }

void SocketChannel::closeFd() {
  readNotifier_.setEnabled(false);
  writeNotifier_.setEnabled(false);
  ackPoll_.stop();
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

QByteArray SocketChannel::takeReceived() {
  QByteArray out;
  out.swap(received_);
  return out;
}

void SocketChannel::onReadable() {
  if (fd_ < 0 || readFinished_) return;
  bool got = false;
  for (;;) {
    const qsizetype old = received_.size();
    received_.resize(old + kReadChunkBytes);
    const ssize_t n = ::recv(fd_, received_.data() + old, kReadChunkBytes, 0);
    received_.resize(old + (n > 0 ? n : 0));
    if (n > 0) {
      got = true;
      continue;
    }
    if (n == 0) {
      // End of the peer's write side: a state, not the end of the connection. The descriptor
      // stays readable forever from now on, so stop watching it.
      readFinished_ = true;
      readNotifier_.setEnabled(false);
      break;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) break;
    if (got) emit readyRead();
    return fail();
  }
  QPointer<SocketChannel> self(this);
  if (got) emit readyRead();
  if (self && readFinished_) emit readClosed();
}

void SocketChannel::write(const char* data, qint64 size) {
  if (fd_ < 0 || finishing_ || size <= 0) return;
  outgoing_.append(data, size);
  flush();
}

void SocketChannel::flush() {
  if (fd_ < 0) return;
  while (!outgoing_.isEmpty()) {
    const ssize_t n = ::send(fd_, outgoing_.constData(), static_cast<std::size_t>(outgoing_.size()), MSG_NOSIGNAL);
    if (n > 0) {
      outgoing_.remove(0, n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      writeNotifier_.setEnabled(true);
      return;
    }
    return fail();  // EPIPE / ECONNRESET: the peer is gone
  }
  writeNotifier_.setEnabled(false);
  if (finishing_ && !writeShut_) {
    writeShut_ = true;
    if (::shutdown(fd_, SHUT_WR) != 0) return fail();
    checkAcknowledged();
    if (!done_) ackPoll_.start();
  }
}

void SocketChannel::finish() {
  if (fd_ < 0 || finishing_) return;
  finishing_ = true;
  flush();
}

void SocketChannel::checkAcknowledged() {
  if (fd_ < 0 || done_) return;
  int err = 0;
  socklen_t len = sizeof(err);
  if (::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) return fail();
  int unacknowledged = 0;
  if (::ioctl(fd_, SIOCOUTQ, &unacknowledged) != 0) return fail();
  if (unacknowledged > 0) {
    ackPoll_.setInterval(std::min(ackPoll_.interval() * 2, kAckPollMaxMs));
    return;
  }
  done_ = true;
  ackPoll_.stop();
  emit delivered();
}

void SocketChannel::fail() {
  if (done_) return;
  done_ = true;
  closeFd();
  emit failed();
}

void SocketChannel::abort() {
  done_ = true;
  closeFd();
}

}  // namespace delivery::transport

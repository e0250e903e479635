#pragma once
// One end of a direct channel between two module processes (logos/host/direct_channels.h), in
// logos-module-host: the same length-prefixed JSON frames as the daemon's channel, over a raw
// non-blocking descriptor watched by the process's event loop. Writes that do not fit in the socket
// are kept and written when it drains, so two modules writing to each other never block.
// `onFrame` gets each whole frame in order; `onClosed` runs once, on end of file, an I/O error or a
// malformed frame (the peer is then treated as gone). The channel owns its descriptor.

#include <QObject>
#include <QSocketNotifier>

#include <functional>
#include <string>

#include "logos/host/child_frame_codec.h"

namespace logos::host {

class ChildPeerChannel final : public QObject {
  Q_OBJECT
 public:
  ChildPeerChannel(int fd, std::function<void(Json)> onFrame, std::function<void()> onClosed);
  ~ChildPeerChannel() override;

  // False when the channel is closed or the frame exceeds the limit.
  bool send(const Json& message);
  bool open() const { return fd_ >= 0; }

 private:
  void onReadable();
  void flush();
  void close();

  int fd_;
  QSocketNotifier* readNotifier_;
  QSocketNotifier* writeNotifier_;
  ChildFrameReader reader_;
  std::string outbox_;
  bool batching_ = false;  // inside onReadable: writes wait for the end of the batch
  std::function<void(Json)> onFrame_;
  std::function<void()> onClosed_;
};

}  // namespace logos::host

// Frames seen on one interface (AF_PACKET, every protocol), with the kernel's receive time: how
// `vigil lab` watches adverts and gratuitous ARPs on the LAN it built, the wire's own view.
#pragma once
#include <napi.h>
#include <uv.h>

#include <vector>

#include "fd_poller.h"

class PacketCapture : public PolledSocket<PacketCapture> {
 public:
  static Napi::Function Define(Napi::Env env);
  // new PacketCapture(ifname, callback(error, frame, {timeMs, outgoing}))
  explicit PacketCapture(const Napi::CallbackInfo& info);

 private:
  static void OnPoll(uv_poll_t* handle, int status, int events);
  void Drain();

  unsigned ifindex_ = 0;
  std::vector<uint8_t> buffer_;
};

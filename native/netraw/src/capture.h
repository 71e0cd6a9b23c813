// Frames seen on one interface (AF_PACKET, every protocol), with the kernel's receive time: how
// `vigil lab` watches adverts and gratuitous ARPs on the LAN it built, the wire's own view.
#pragma once
#include <napi.h>
#include <uv.h>

#include <vector>

#include "fd_poller.h"

class PacketCapture : public Napi::ObjectWrap<PacketCapture> {
 public:
  static Napi::Function Define(Napi::Env env);
  // new PacketCapture(ifname, callback(error, frame, {timeMs, outgoing}))
  explicit PacketCapture(const Napi::CallbackInfo& info);
  ~PacketCapture() override;

 private:
  Napi::Value Close(const Napi::CallbackInfo& info);
  static void OnPoll(uv_poll_t* handle, int status, int events);
  void Drain();
  void Report(Napi::Env env, const std::vector<napi_value>& args) { CallBack(env, callback_, Value(), args); }
  void Shutdown();

  int fd_ = -1;
  unsigned ifindex_ = 0;
  FdPoller poller_;
  Napi::FunctionReference callback_;
  std::vector<uint8_t> buffer_;
};

// An rtnetlink notification socket (link and address groups) read on Node's event loop. It
// replaces netlink@0.3.0's for notifications: that one aborts the process when the socket
// overflows (ENOBUFS raises POLLERR and its error path throws in C++). Here an overflow is an
// error the JS side hears, and reading goes on, so it can re-dump what it missed.
#pragma once
#include <napi.h>
#include <uv.h>

#include <vector>

#include "fd_poller.h"

class NetlinkSocket : public PolledSocket<NetlinkSocket> {
 public:
  static Napi::Function Define(Napi::Env env);
  // new NetlinkSocket(groups bitmask (RTMGRP_*), receiveBufferBytes, callback(error, datagram))
  explicit NetlinkSocket(const Napi::CallbackInfo& info);

 private:
  static void OnPoll(uv_poll_t* handle, int status, int events);
  void Drain();

  std::vector<uint8_t> buffer_;
};

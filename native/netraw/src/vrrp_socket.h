// One raw VRRP socket (IPv4 or IPv6, protocol 112) on one interface, set up as keepalived's
// vrrp.c open_vrrp_send_socket / open_vrrp_read_socket do; receive through uv_poll + recvmsg.
#pragma once
#include <napi.h>
#include <uv.h>

#include <string>
#include <vector>

#include "fd_poller.h"

class VrrpSocket : public PolledSocket<VrrpSocket> {
 public:
  static Napi::Function Define(Napi::Env env);
  // new VrrpSocket(family 4|6, ifname, {multicastGroup?, unicastSource?, receive?}, callback?)
  explicit VrrpSocket(const Napi::CallbackInfo& info);

 private:
  // send(message, destination, source|undefined, ttl): bytes sent.
  Napi::Value Send(const Napi::CallbackInfo& info);
  Napi::Value Ifindex(const Napi::CallbackInfo& info);

  // Socket options; on failure returns errno and names the step in `failed_`.
  int Configure(const std::string& ifname, const std::string& group, const std::string& unicastSource, bool receive);
  int SetOption(int level, int name, const void* value, socklen_t length, const char* what);
  int JoinOrBind(const std::string& group, const std::string& unicastSource);
  static void OnPoll(uv_poll_t* handle, int status, int events);
  void Drain();
  // One received datagram to the callback; false when the packet is dropped (malformed IPv4 header).
  bool Deliver(Napi::Env env, ssize_t length, const void* name, msghdr* message);

  int family_ = 0;
  unsigned ifindex_ = 0;
  const char* failed_ = "";
  std::vector<uint8_t> buffer_;
};

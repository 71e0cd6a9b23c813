#include "capture.h"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <string>

#include "errors.h"

namespace {
constexpr int kReadsPerWakeup = 64;
}

Napi::Function PacketCapture::Define(Napi::Env env) {
  return DefineClass(env, "PacketCapture", {InstanceMethod("close", &PacketCapture::Close)});
}

PacketCapture::PacketCapture(const Napi::CallbackInfo& info) : PolledSocket<PacketCapture>(info), buffer_(65536) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsString() || !info[1].IsFunction()) {
    ThrowType(env, "PacketCapture(ifname, callback)");
    return;
  }
  std::string ifname = info[0].As<Napi::String>().Utf8Value();
  ifindex_ = if_nametoindex(ifname.c_str());
  if (ifindex_ == 0) {
    ThrowErrno(env, errno, ("if_nametoindex " + ifname).c_str());
    return;
  }
  fd_ = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ALL));
  if (fd_ < 0) {
    ThrowErrno(env, errno, "socket(AF_PACKET)");
    return;
  }
  const char* failed = "bind";
  sockaddr_ll link{};
  link.sll_family = AF_PACKET;
  link.sll_protocol = htons(ETH_P_ALL);
  link.sll_ifindex = static_cast<int>(ifindex_);
  int err = bind(fd_, reinterpret_cast<sockaddr*>(&link), sizeof link) == 0 ? 0 : errno;
  const int on = 1;
  if (err == 0 && setsockopt(fd_, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) != 0) {
    err = errno;
    failed = "SO_TIMESTAMPNS";
  }
  if (err == 0) {
    err = Listen(env, info[1].As<Napi::Function>(), &PacketCapture::OnPoll);
    if (err != 0) failed = "uv_poll_init";
  }
  if (err != 0) ThrowErrno(env, Abandon(err), failed);
}

void PacketCapture::OnPoll(uv_poll_t* handle, int status, int) {
  auto* self = static_cast<PacketCapture*>(handle->data);
  if (self == nullptr || self->fd_ < 0) return;
  if (status < 0) {
    Napi::Env env = self->Env();
    Napi::HandleScope scope(env);
    self->Report(env, {PollError(env, status)});
    return;
  }
  self->Drain();
}

void PacketCapture::Drain() {
  Napi::Env env = Env();
  for (int i = 0; i < kReadsPerWakeup && fd_ >= 0; i++) {
    Napi::HandleScope scope(env);
    sockaddr_ll from{};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec))];
    iovec data{buffer_.data(), buffer_.size()};
    msghdr message{};
    message.msg_name = &from;
    message.msg_namelen = sizeof from;
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    ssize_t length = recvmsg(fd_, &message, MSG_DONTWAIT);
    if (length < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
      ThrowErrno(env, errno, "recvmsg(AF_PACKET)");
      Report(env, {env.GetAndClearPendingException().Value()});
      return;
    }
    // Frames from before bind() may name another interface.
    if (from.sll_ifindex != static_cast<int>(ifindex_)) continue;
    timespec when{};
    for (cmsghdr* c = CMSG_FIRSTHDR(&message); c != nullptr; c = CMSG_NXTHDR(&message, c)) {
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) std::memcpy(&when, CMSG_DATA(c), sizeof when);
    }
    if (when.tv_sec == 0) clock_gettime(CLOCK_REALTIME, &when);
    Napi::Object facts = Napi::Object::New(env);
    facts.Set("timeMs", Napi::Number::New(env, static_cast<double>(when.tv_sec) * 1e3 + static_cast<double>(when.tv_nsec) / 1e6));
    facts.Set("outgoing", Napi::Boolean::New(env, from.sll_pkttype == PACKET_OUTGOING));
    Report(env, {env.Null(), Napi::Buffer<uint8_t>::Copy(env, buffer_.data(), static_cast<size_t>(length)), facts});
  }
}

#include "netlink_socket.h"

#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "errors.h"

namespace {
constexpr int kReadsPerWakeup = 64;
constexpr size_t kDatagram = 65536;  // a notification is one page at most; room to spare
}  // namespace

Napi::Function NetlinkSocket::Define(Napi::Env env) {
  return DefineClass(env, "NetlinkSocket", {InstanceMethod("close", &NetlinkSocket::Close)});
}

NetlinkSocket::NetlinkSocket(const Napi::CallbackInfo& info) : PolledSocket<NetlinkSocket>(info), buffer_(kDatagram) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[0].IsNumber() || !info[1].IsNumber() || !info[2].IsFunction()) {
    ThrowType(env, "NetlinkSocket(groups, receiveBufferBytes, callback)");
    return;
  }
  fd_ = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd_ < 0) {
    ThrowErrno(env, errno, "socket(AF_NETLINK)");
    return;
  }
  const char* failed = "SO_RCVBUF";
  int size = info[1].As<Napi::Number>().Int32Value();
  // SO_RCVBUFFORCE (root) passes net.core.rmem_max; SO_RCVBUF is capped by it.
  int err = setsockopt(fd_, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) == 0 ||
                    setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &size, sizeof size) == 0
                ? 0
                : errno;
  if (err == 0) {
    sockaddr_nl local{};
    local.nl_family = AF_NETLINK;
    local.nl_groups = info[0].As<Napi::Number>().Uint32Value();
    failed = "bind";
    if (bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) err = errno;
  }
  if (err == 0) {
    err = Listen(env, info[2].As<Napi::Function>(), &NetlinkSocket::OnPoll);
    if (err != 0) failed = "uv_poll_init";
  }
  if (err != 0) ThrowErrno(env, Abandon(err), failed);
}

void NetlinkSocket::OnPoll(uv_poll_t* handle, int, int) {
  auto* self = static_cast<NetlinkSocket*>(handle->data);
  if (self == nullptr || self->fd_ < 0) return;
  // POLLERR (the overflow) comes as a failed status with the handle stopped: reading reports and
  // clears the socket's error (ENOBUFS), then the watch starts again.
  self->Drain();
  if (self->fd_ >= 0) self->poller_.Restart();
}

void NetlinkSocket::Drain() {
  Napi::Env env = Env();
  for (int i = 0; i < kReadsPerWakeup && fd_ >= 0; i++) {
    Napi::HandleScope scope(env);
    ssize_t length = recv(fd_, buffer_.data(), buffer_.size(), MSG_DONTWAIT);
    if (length < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
      ThrowErrno(env, errno, "recv(AF_NETLINK)");
      Report(env, {env.GetAndClearPendingException().Value()});
      continue;  // ENOBUFS: notifications were lost, the socket itself reads on
    }
    Report(env, {env.Null(), Napi::Buffer<uint8_t>::Copy(env, buffer_.data(), static_cast<size_t>(length))});
  }
}

#include "vrrp_socket.h"

#include <linux/filter.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "addresses.h"
#include "errors.h"

#ifndef IP_MULTICAST_ALL
#define IP_MULTICAST_ALL 49
#endif
#ifndef IPV6_MULTICAST_ALL
#define IPV6_MULTICAST_ALL 29
#endif

namespace {
constexpr int kIpprotoVrrp = 112;       // RFC 5798 §5.1.1.4
constexpr int kVrrpTtl = 255;           // RFC 5798 §5.1.1.3 / §5.1.2.3
constexpr int kIpv6ChecksumOffset = 6;  // RFC 5798 §5.2.8: the kernel fills and verifies it
constexpr int kReadsPerWakeup = 64;     // let other handles run under an advert storm
}  // namespace

Napi::Function VrrpSocket::Define(Napi::Env env) {
  return DefineClass(env, "VrrpSocket",
                     {InstanceMethod("send", &VrrpSocket::Send), InstanceMethod("close", &VrrpSocket::Close),
                      InstanceAccessor("ifindex", &VrrpSocket::Ifindex, nullptr)});
}

VrrpSocket::VrrpSocket(const Napi::CallbackInfo& info) : PolledSocket<VrrpSocket>(info), buffer_(65536) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[0].IsNumber() || !info[1].IsString() || !info[2].IsObject()) {
    ThrowType(env, "VrrpSocket(family 4|6, ifname, options, callback?)");
    return;
  }
  int version = info[0].As<Napi::Number>().Int32Value();
  if (version != 4 && version != 6) {
    ThrowType(env, "family must be 4 or 6");
    return;
  }
  family_ = version == 4 ? AF_INET : AF_INET6;
  Napi::Object options = info[2].As<Napi::Object>();
  auto text = [&](const char* key) {
    Napi::Value v = options.Get(key);
    return v.IsString() ? v.As<Napi::String>().Utf8Value() : std::string();
  };
  bool receive = info.Length() > 3 && info[3].IsFunction();
  std::string ifname = info[1].As<Napi::String>().Utf8Value();
  ifindex_ = if_nametoindex(ifname.c_str());
  if (ifindex_ == 0) {
    ThrowErrno(env, errno, ("if_nametoindex " + ifname).c_str());
    return;
  }
  fd_ = socket(family_, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, kIpprotoVrrp);
  if (fd_ < 0) {
    ThrowErrno(env, errno, "socket");
    return;
  }
  std::string group = text("multicastGroup");
  if (group.empty()) group = family_ == AF_INET ? "224.0.0.18" : "ff02::12";  // RFC 5798 §5.1.1.2 / §5.1.2.2
  int err = Configure(ifname, group, text("unicastSource"), receive);
  if (err == 0 && receive) {
    err = Listen(env, info[3].As<Napi::Function>(), &VrrpSocket::OnPoll);
    if (err != 0) failed_ = "uv_poll_init";
  }
  if (err != 0) ThrowErrno(env, Abandon(err), failed_);
}

int VrrpSocket::SetOption(int level, int name, const void* value, socklen_t length, const char* what) {
  if (setsockopt(fd_, level, name, value, length) == 0) return 0;
  failed_ = what;
  return errno;
}

int VrrpSocket::Configure(const std::string& ifname, const std::string& group, const std::string& unicastSource,
                          bool receive) {
  const int on = 1, off = 0, ttl = kVrrpTtl, offset = kIpv6ChecksumOffset;
  int err = SetOption(SOL_SOCKET, SO_BINDTODEVICE, ifname.c_str(), ifname.size() + 1, "SO_BINDTODEVICE");
  if (err == 0 && !receive) {
    // keepalived vrrp.c open_vrrp_send_socket: a send socket queues nothing (drop-all filter).
    sock_filter drop{BPF_RET | BPF_K, 0, 0, 0};
    sock_fprog program{1, &drop};
    err = SetOption(SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program, "SO_ATTACH_FILTER");
  }
  if (family_ == AF_INET) {
    ip_mreqn interface{};
    interface.imr_ifindex = static_cast<int>(ifindex_);
    // The TS side writes the whole IPv4 header (keepalived vrrp.c vrrp_build_ip4).
    if (err == 0) err = SetOption(IPPROTO_IP, IP_HDRINCL, &on, sizeof on, "IP_HDRINCL");
    if (err == 0) err = SetOption(IPPROTO_IP, IP_MULTICAST_ALL, &off, sizeof off, "IP_MULTICAST_ALL");
    if (err == 0) err = SetOption(IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl, "IP_MULTICAST_TTL");
    if (err == 0) err = SetOption(IPPROTO_IP, IP_MULTICAST_LOOP, &off, sizeof off, "IP_MULTICAST_LOOP");
    if (err == 0) err = SetOption(IPPROTO_IP, IP_MULTICAST_IF, &interface, sizeof interface, "IP_MULTICAST_IF");
  } else {
    const int index = static_cast<int>(ifindex_);
    if (err == 0) err = SetOption(IPPROTO_IPV6, IPV6_CHECKSUM, &offset, sizeof offset, "IPV6_CHECKSUM");
    if (err == 0) err = SetOption(IPPROTO_IPV6, IPV6_MULTICAST_ALL, &off, sizeof off, "IPV6_MULTICAST_ALL");
    if (err == 0) err = SetOption(IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &ttl, sizeof ttl, "IPV6_MULTICAST_HOPS");
    if (err == 0) err = SetOption(IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl, sizeof ttl, "IPV6_UNICAST_HOPS");
    if (err == 0) err = SetOption(IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &off, sizeof off, "IPV6_MULTICAST_LOOP");
    if (err == 0) err = SetOption(IPPROTO_IPV6, IPV6_MULTICAST_IF, &index, sizeof index, "IPV6_MULTICAST_IF");
    // RFC 5798 §7.1: the hop limit must be checked; the destination tells multicast from unicast.
    if (err == 0) err = SetOption(IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof on, "IPV6_RECVHOPLIMIT");
    if (err == 0) err = SetOption(IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on, "IPV6_RECVPKTINFO");
  }
  if (err == 0 && receive) err = JoinOrBind(group, unicastSource);
  return err;
}

// keepalived vrrp.c open_vrrp_read_socket: unicast binds to the unicast source; multicast joins the group.
int VrrpSocket::JoinOrBind(const std::string& group, const std::string& unicastSource) {
  sockaddr_storage address;
  socklen_t length = 0;
  const std::string& text = unicastSource.empty() ? group : unicastSource;
  if (!ParseAddress(family_, text, ifindex_, &address, &length)) {
    failed_ = "address";
    return EINVAL;
  }
  if (!unicastSource.empty()) {
    if (bind(fd_, reinterpret_cast<sockaddr*>(&address), length) == 0) return 0;
    failed_ = "bind";
    return errno;
  }
  if (family_ == AF_INET) {
    ip_mreqn request{};
    request.imr_multiaddr = reinterpret_cast<sockaddr_in*>(&address)->sin_addr;
    request.imr_ifindex = static_cast<int>(ifindex_);
    return SetOption(IPPROTO_IP, IP_ADD_MEMBERSHIP, &request, sizeof request, "IP_ADD_MEMBERSHIP");
  }
  ipv6_mreq request{};
  request.ipv6mr_multiaddr = reinterpret_cast<sockaddr_in6*>(&address)->sin6_addr;
  request.ipv6mr_interface = ifindex_;
  return SetOption(IPPROTO_IPV6, IPV6_JOIN_GROUP, &request, sizeof request, "IPV6_JOIN_GROUP");
}

Napi::Value VrrpSocket::Send(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (fd_ < 0) return ThrowErrno(env, EBADF, "send on a closed socket");
  if (info.Length() < 4 || !info[0].IsBuffer() || !info[1].IsString() || !info[3].IsNumber()) {
    return ThrowType(env, "send(message, destination, source|undefined, ttl)");
  }
  auto message = info[0].As<Napi::Buffer<uint8_t>>();
  sockaddr_storage destination;
  socklen_t length = 0;
  if (!ParseAddress(family_, info[1].As<Napi::String>().Utf8Value(), ifindex_, &destination, &length)) {
    return ThrowType(env, "destination is not an address of the socket's family");
  }
  iovec data{message.Data(), message.Length()};
  msghdr header{};
  header.msg_name = &destination;
  header.msg_namelen = length;
  header.msg_iov = &data;
  header.msg_iovlen = 1;
  // IPv4: the message is the whole datagram (IP_HDRINCL), source and TTL are in it.
  // IPv6: the source (IPV6_PKTINFO) and hop limit (IPV6_HOPLIMIT) go as ancillary data.
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in6_pktinfo)) + CMSG_SPACE(sizeof(int))] = {};
  if (family_ == AF_INET6) {
    in6_pktinfo pktinfo{};
    pktinfo.ipi6_ifindex = ifindex_;
    if (info[2].IsString()) {
      sockaddr_storage source;
      socklen_t ignored = 0;
      if (!ParseAddress(AF_INET6, info[2].As<Napi::String>().Utf8Value(), ifindex_, &source, &ignored)) {
        return ThrowType(env, "source is not an IPv6 address");
      }
      pktinfo.ipi6_addr = reinterpret_cast<sockaddr_in6*>(&source)->sin6_addr;
    }
    int hops = info[3].As<Napi::Number>().Int32Value();
    header.msg_control = control;
    header.msg_controllen = sizeof control;
    cmsghdr* c = CMSG_FIRSTHDR(&header);
    c->cmsg_level = IPPROTO_IPV6;
    c->cmsg_type = IPV6_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof pktinfo);
    std::memcpy(CMSG_DATA(c), &pktinfo, sizeof pktinfo);
    c = CMSG_NXTHDR(&header, c);
    c->cmsg_level = IPPROTO_IPV6;
    c->cmsg_type = IPV6_HOPLIMIT;
    c->cmsg_len = CMSG_LEN(sizeof hops);
    std::memcpy(CMSG_DATA(c), &hops, sizeof hops);
  }
  ssize_t sent = sendmsg(fd_, &header, 0);
  if (sent < 0) return ThrowErrno(env, errno, "sendmsg");
  return Napi::Number::New(env, static_cast<double>(sent));
}

void VrrpSocket::OnPoll(uv_poll_t* handle, int status, int) {
  auto* self = static_cast<VrrpSocket*>(handle->data);
  if (self == nullptr || self->fd_ < 0) return;
  if (status < 0) {
    // POLLERR: libuv stopped the watch. Report the socket's pending error (reading SO_ERROR clears
    // it), then read on: one error must not deafen the instance for good.
    Napi::Env env = self->Env();
    Napi::HandleScope scope(env);
    int pending = 0;
    socklen_t length = sizeof pending;
    if (getsockopt(self->fd_, SOL_SOCKET, SO_ERROR, &pending, &length) == 0 && pending != 0) {
      ThrowErrno(env, pending, "receive");
      self->Report(env, {env.GetAndClearPendingException().Value()});
    } else {
      self->Report(env, {PollError(env, status)});
    }
    if (self->fd_ < 0) return;  // closed by the callback
    self->poller_.Restart();
  }
  self->Drain();
}

void VrrpSocket::Drain() {
  Napi::Env env = Env();
  for (int i = 0; i < kReadsPerWakeup && fd_ >= 0; i++) {
    Napi::HandleScope scope(env);
    sockaddr_storage name{};
    alignas(cmsghdr) char control[256];
    iovec data{buffer_.data(), buffer_.size()};
    msghdr message{};
    message.msg_name = &name;
    message.msg_namelen = sizeof name;
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    ssize_t length = recvmsg(fd_, &message, MSG_DONTWAIT);
    if (length < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
      int err = errno;
      ThrowErrno(env, err, "recvmsg");
      Report(env, {env.GetAndClearPendingException().Value()});
      return;
    }
    Deliver(env, length, &name, &message);
  }
}

bool VrrpSocket::Deliver(Napi::Env env, ssize_t length, const void* name, msghdr* message) {
  const uint8_t* bytes = buffer_.data();
  Napi::Object facts = Napi::Object::New(env);
  facts.Set("ifindex", Napi::Number::New(env, ifindex_));
  size_t skip = 0;
  if (family_ == AF_INET) {
    // IPv4 raw sockets hand over the IP header (raw(7)); keepalived reads TTL and dst from it.
    if (length < 20) return false;
    size_t ihl = static_cast<size_t>(bytes[0] & 0x0f) * 4;
    if (ihl < 20 || ihl > static_cast<size_t>(length)) return false;
    skip = ihl;
    facts.Set("source", FormatAddress(AF_INET, bytes + 12));
    facts.Set("destination", FormatAddress(AF_INET, bytes + 16));
    facts.Set("ttlOrHopLimit", Napi::Number::New(env, bytes[8]));
    facts.Set("ipHeaderLength", Napi::Number::New(env, static_cast<double>(ihl)));
    facts.Set("ipTotalLength", Napi::Number::New(env, (bytes[2] << 8) | bytes[3]));
    facts.Set("ipProtocol", Napi::Number::New(env, bytes[9]));
  } else {
    facts.Set("source", FormatAddress(AF_INET6, &static_cast<const sockaddr_in6*>(name)->sin6_addr));
    for (cmsghdr* c = CMSG_FIRSTHDR(message); c != nullptr; c = CMSG_NXTHDR(message, c)) {
      if (c->cmsg_level != IPPROTO_IPV6) continue;
      if (c->cmsg_type == IPV6_HOPLIMIT) {
        int hops = 0;
        std::memcpy(&hops, CMSG_DATA(c), sizeof hops);
        facts.Set("ttlOrHopLimit", Napi::Number::New(env, hops));
      } else if (c->cmsg_type == IPV6_PKTINFO) {
        in6_pktinfo pktinfo;
        std::memcpy(&pktinfo, CMSG_DATA(c), sizeof pktinfo);
        facts.Set("destination", FormatAddress(AF_INET6, &pktinfo.ipi6_addr));
        facts.Set("ifindex", Napi::Number::New(env, pktinfo.ipi6_ifindex));
      }
    }
  }
  auto payload = Napi::Buffer<uint8_t>::Copy(env, bytes + skip, static_cast<size_t>(length) - skip);
  Report(env, {env.Null(), payload, facts});
  return true;
}


Napi::Value VrrpSocket::Ifindex(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), ifindex_);
}

// netraw: the raw sockets Vigil's daemon needs and Node does not offer (ecosystem.md §3, §4):
// AF_PACKET frames for gratuitous ARP / unsolicited NA, and VRRP sockets with recvmsg ancillary data.
// Also mkfifo(3), which Node lacks too, for keepalived's notify FIFOs; network namespaces
// (netns.cc) and a frame capture (capture.cc) for `vigil run --namespace` and `vigil lab`.
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>

#include "capture.h"
#include "errors.h"
#include "netlink_socket.h"
#include "netns.h"
#include "vrrp_socket.h"

namespace {
constexpr size_t kEthernetHeader = 14;

// One AF_PACKET socket for the life of the process. Protocol 0: it never receives anything.
// Opening one per frame cost ~13 ms each: closing a packet socket waits for an RCU grace period
// (packet_release -> synchronize_net), which blocked the event loop for seconds when hundreds of
// instances sent their GARP bursts at once.
int PacketSocket() {
  static int fd = -1;
  if (fd < 0) fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
  return fd;
}

// sendFrame(ifindex, frame): one whole Ethernet frame out of the interface, as keepalived
// vrrp_arp.c / vrrp_ndisc.c send theirs.
Napi::Value SendFrame(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsNumber() || !info[1].IsBuffer()) {
    return ThrowType(env, "sendFrame(ifindex, frame)");
  }
  auto frame = info[1].As<Napi::Buffer<uint8_t>>();
  if (frame.Length() < kEthernetHeader) return ThrowType(env, "frame shorter than an Ethernet header");
  sockaddr_ll link{};
  link.sll_family = AF_PACKET;
  link.sll_ifindex = info[0].As<Napi::Number>().Int32Value();
  link.sll_halen = 6;
  std::memcpy(link.sll_addr, frame.Data(), 6);             // destination MAC
  std::memcpy(&link.sll_protocol, frame.Data() + 12, 2);  // EtherType, network order
  int fd = PacketSocket();
  if (fd < 0) return ThrowErrno(env, errno, "socket(AF_PACKET)");
  ssize_t sent = sendto(fd, frame.Data(), frame.Length(), 0, reinterpret_cast<sockaddr*>(&link), sizeof link);
  if (sent < 0) return ThrowErrno(env, errno, "sendto(AF_PACKET)");
  return Napi::Number::New(env, static_cast<double>(sent));
}

// ifIndex(name): if_nametoindex, throwing ENODEV for an unknown interface.
Napi::Value IfIndex(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) return ThrowType(env, "ifIndex(name)");
  std::string name = info[0].As<Napi::String>().Utf8Value();
  unsigned index = if_nametoindex(name.c_str());
  if (index == 0) return ThrowErrno(env, errno, ("if_nametoindex " + name).c_str());
  return Napi::Number::New(env, index);
}

// mkfifo(path, mode): mkfifo(3), as keepalived notify.c fifo_open creates its notify FIFOs. The
// process umask applies to `mode`. Throws EEXIST when anything is at `path` already.
Napi::Value MakeFifo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsString() || !info[1].IsNumber()) return ThrowType(env, "mkfifo(path, mode)");
  std::string path = info[0].As<Napi::String>().Utf8Value();
  uint32_t mode = info[1].As<Napi::Number>().Uint32Value();
  if (mode > 07777) return ThrowType(env, "mkfifo: mode must be at most 0o7777");
  if (mkfifo(path.c_str(), static_cast<mode_t>(mode)) != 0) return ThrowErrno(env, errno, ("mkfifo " + path).c_str());
  return env.Undefined();
}

// hardwareAddress(name): the interface's MAC (SIOCGIFHWADDR), 6 bytes. An ioctl on a socket of
// the calling thread's network namespace: /sys/class/net shows the namespace sysfs was mounted
// in, which is not ours after `vigil run --namespace`.
Napi::Value HardwareAddress(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) return ThrowType(env, "hardwareAddress(name)");
  std::string name = info[0].As<Napi::String>().Utf8Value();
  if (name.empty() || name.size() >= IFNAMSIZ) return ThrowType(env, "hardwareAddress: not an interface name");
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return ThrowErrno(env, errno, "socket");
  ifreq request{};
  std::memcpy(request.ifr_name, name.c_str(), name.size());
  int result = ioctl(fd, SIOCGIFHWADDR, &request);
  int err = errno;
  close(fd);
  if (result != 0) return ThrowErrno(env, err, ("SIOCGIFHWADDR " + name).c_str());
  return Napi::Buffer<uint8_t>::Copy(env, reinterpret_cast<const uint8_t*>(request.ifr_hwaddr.sa_data), 6);
}

// sendDatagram(path, bytes): one datagram to the Unix socket at `path` (/dev/log: syslog), which
// Node's dgram cannot reach. Non-blocking: a full or absent log socket loses the line (the caller
// counts it) rather than stalling the event loop. One connected socket is kept for the last path.
Napi::Value SendDatagram(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsString() || !info[1].IsBuffer()) return ThrowType(env, "sendDatagram(path, bytes)");
  static int fd = -1;
  static std::string connected;
  std::string path = info[0].As<Napi::String>().Utf8Value();
  if (path.empty() || path.size() >= sizeof(sockaddr_un{}.sun_path)) return ThrowType(env, "sendDatagram: path too long");
  auto bytes = info[1].As<Napi::Buffer<uint8_t>>();
  for (int attempt = 0; attempt < 2; attempt++) {
    if (fd < 0 || connected != path) {
      if (fd >= 0) close(fd);
      fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (fd < 0) return ThrowErrno(env, errno, "socket(AF_UNIX)");
      sockaddr_un address{};
      address.sun_family = AF_UNIX;
      std::memcpy(address.sun_path, path.c_str(), path.size());
      if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        int err = errno;
        close(fd);
        fd = -1;
        return ThrowErrno(env, err, ("connect " + path).c_str());
      }
      connected = path;
    }
    if (send(fd, bytes.Data(), bytes.Length(), MSG_NOSIGNAL) >= 0) return env.Undefined();
    int err = errno;
    // The log daemon restarted: its socket is new, ours points at the old one. Reconnect once.
    if ((err == ECONNREFUSED || err == ENOTCONN) && attempt == 0) {
      close(fd);
      fd = -1;
      continue;
    }
    return ThrowErrno(env, err, ("send " + path).c_str());
  }
  return env.Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("sendFrame", Napi::Function::New(env, SendFrame, "sendFrame"));
  exports.Set("ifIndex", Napi::Function::New(env, IfIndex, "ifIndex"));
  exports.Set("mkfifo", Napi::Function::New(env, MakeFifo, "mkfifo"));
  exports.Set("sendDatagram", Napi::Function::New(env, SendDatagram, "sendDatagram"));
  exports.Set("hardwareAddress", Napi::Function::New(env, HardwareAddress, "hardwareAddress"));
  exports.Set("VrrpSocket", VrrpSocket::Define(env));
  exports.Set("netnsAdd", Napi::Function::New(env, NetnsAdd, "netnsAdd"));
  exports.Set("netnsDelete", Napi::Function::New(env, NetnsDelete, "netnsDelete"));
  exports.Set("netnsEnter", Napi::Function::New(env, NetnsEnter, "netnsEnter"));
  exports.Set("netnsReturn", Napi::Function::New(env, NetnsReturn, "netnsReturn"));
  exports.Set("PacketCapture", PacketCapture::Define(env));
  exports.Set("NetlinkSocket", NetlinkSocket::Define(env));
  return exports;
}
}  // namespace

NODE_API_MODULE(netraw, Init)

#include "netns.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <thread>

#include "errors.h"

namespace {
constexpr const char* kNetnsDir = "/run/netns";  // iproute2's NETNS_RUN_DIR

// A name is one path component, as `ip netns add` requires.
bool ValidName(const std::string& name) {
  return !name.empty() && name.size() < 240 && name != "." && name != ".." && name.find('/') == std::string::npos;
}

std::string PathOf(const Napi::CallbackInfo& info, bool* ok) {
  *ok = info.Length() >= 1 && info[0].IsString();
  if (!*ok) return {};
  std::string name = info[0].As<Napi::String>().Utf8Value();
  *ok = ValidName(name);
  return std::string(kNetnsDir) + "/" + name;
}

// unshare(CLONE_NEWNET) moves only the calling thread, so a short-lived thread makes the
// namespace and pins it with a bind mount of its own /proc/thread-self/ns/net; the main thread
// (and Node's other threads) never leave theirs.
int MakeAndPin(const std::string& path) {
  int result = 0;
  std::thread maker([&] {
    if (unshare(CLONE_NEWNET) != 0) {
      result = errno;
      return;
    }
    if (mount("/proc/thread-self/ns/net", path.c_str(), "none", MS_BIND, nullptr) != 0) result = errno;
  });
  maker.join();
  return result;
}
}  // namespace

Napi::Value NetnsAdd(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  bool ok = false;
  std::string path = PathOf(info, &ok);
  if (!ok) return ThrowType(env, "netnsAdd(name): a name without '/'");
  if (mkdir(kNetnsDir, 0755) != 0 && errno != EEXIST) return ThrowErrno(env, errno, "mkdir /run/netns");
  int fd = open(path.c_str(), O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
  if (fd < 0) return ThrowErrno(env, errno, ("create " + path).c_str());
  close(fd);
  int err = MakeAndPin(path);
  if (err != 0) {
    unlink(path.c_str());
    return ThrowErrno(env, err, ("pin a new network namespace at " + path).c_str());
  }
  return env.Undefined();
}

Napi::Value NetnsDelete(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  bool ok = false;
  std::string path = PathOf(info, &ok);
  if (!ok) return ThrowType(env, "netnsDelete(name): a name without '/'");
  // MNT_DETACH as `ip netns delete`: processes still inside keep it alive; the name goes now.
  if (umount2(path.c_str(), MNT_DETACH) != 0 && errno != EINVAL) return ThrowErrno(env, errno, ("umount " + path).c_str());
  if (unlink(path.c_str()) != 0) return ThrowErrno(env, errno, ("unlink " + path).c_str());
  return env.Undefined();
}

Napi::Value NetnsEnter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) return ThrowType(env, "netnsEnter(path)");
  std::string path = info[0].As<Napi::String>().Utf8Value();
  int previous = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (previous < 0) return ThrowErrno(env, errno, "open /proc/thread-self/ns/net");
  int target = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (target < 0) {
    int err = errno;
    close(previous);
    return ThrowErrno(env, err, ("open " + path).c_str());
  }
  int result = setns(target, CLONE_NEWNET);
  int err = errno;
  close(target);
  if (result != 0) {
    close(previous);
    return ThrowErrno(env, err, ("setns " + path).c_str());
  }
  return Napi::Number::New(env, previous);
}

Napi::Value NetnsReturn(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsNumber()) return ThrowType(env, "netnsReturn(fd)");
  int fd = info[0].As<Napi::Number>().Int32Value();
  int result = setns(fd, CLONE_NEWNET);
  int err = errno;
  close(fd);
  if (result != 0) return ThrowErrno(env, err, "setns back");
  return env.Undefined();
}

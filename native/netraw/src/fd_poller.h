// A descriptor watched for reading on Node's event loop (uv_poll), and the way back into
// JavaScript from it: what VrrpSocket, PacketCapture and NetlinkSocket share.
#pragma once
#include <napi.h>
#include <uv.h>

#include <unistd.h>

#include <vector>

class FdPoller {
 public:
  // Starts watching `fd`; `onPoll` gets `data` as handle->data. Returns 0 or a negative errno.
  int Start(Napi::Env env, int fd, void* data, uv_poll_cb onPoll);
  // Watches again after libuv stopped on POLLERR (it reports UV_EBADF and stops the handle): the
  // owner has read the pending error, so the socket is usable again.
  void Restart();
  // Stops and frees the handle (after the loop is done with it). Safe to call twice.
  void Stop();
  // Environment teardown while polling: the owner is going, callbacks must find no one.
  void Orphan();
  bool active() const { return handle_ != nullptr; }

 private:
  uv_poll_t* handle_ = nullptr;
  uv_poll_cb onPoll_ = nullptr;
};

// A uv_poll failure as an Error with `code` = the libuv error name.
Napi::Value PollError(Napi::Env env, int status);

// Calls `callback` from libuv: MakeCallback runs microtasks; a throw becomes uncaughtException.
void CallBack(Napi::Env env, Napi::FunctionReference& callback, Napi::Object self, const std::vector<napi_value>& args);

// The life of a socket object the JS side holds: its descriptor, the watch, the JS callback, and
// staying alive (Ref) while it listens even if JS drops it. `T` derives from PolledSocket<T>.
template <typename T>
class PolledSocket : public Napi::ObjectWrap<T> {
 public:
  explicit PolledSocket(const Napi::CallbackInfo& info) : Napi::ObjectWrap<T>(info) {}
  ~PolledSocket() override {
    poller_.Orphan();  // environment teardown while polling
    Shutdown();
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    Shutdown();
    return info.Env().Undefined();
  }

 protected:
  // Watches fd_, calling `onPoll` with `this` as handle->data, and `callback` from Report.
  // Returns 0 or an errno (the caller names the step "uv_poll_init").
  int Listen(Napi::Env env, Napi::Function callback, uv_poll_cb onPoll) {
    int err = -poller_.Start(env, fd_, static_cast<T*>(this), onPoll);
    if (err != 0) return err;
    callback_ = Napi::Persistent(callback);
    this->Ref();
    return 0;
  }

  void Report(Napi::Env env, const std::vector<napi_value>& args) { CallBack(env, callback_, this->Value(), args); }

  // Closes fd_ after a constructor step failed; returns `err` for ThrowErrno.
  int Abandon(int err) {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
    return err;
  }

  void Shutdown() {
    if (poller_.active()) {
      poller_.Stop();
      if (!callback_.IsEmpty()) {
        callback_.Reset();
        this->Unref();
      }
    }
    Abandon(0);
  }

  int fd_ = -1;
  FdPoller poller_;

 private:
  Napi::FunctionReference callback_;
};

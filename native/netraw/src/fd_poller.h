// A descriptor watched for reading on Node's event loop (uv_poll), and the way back into
// JavaScript from it: what VrrpSocket and PacketCapture share.
#pragma once
#include <napi.h>
#include <uv.h>

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

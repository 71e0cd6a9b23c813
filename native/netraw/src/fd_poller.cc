#include "fd_poller.h"

#include <string>

int FdPoller::Start(Napi::Env env, int fd, void* data, uv_poll_cb onPoll) {
  uv_loop_t* loop = nullptr;
  napi_get_uv_event_loop(env, &loop);
  handle_ = new uv_poll_t;
  int err = uv_poll_init(loop, handle_, fd);
  if (err != 0) {
    delete handle_;
    handle_ = nullptr;
    return err;
  }
  handle_->data = data;
  onPoll_ = onPoll;
  uv_poll_start(handle_, UV_READABLE, onPoll);
  return 0;
}

void FdPoller::Restart() {
  if (handle_ != nullptr) uv_poll_start(handle_, UV_READABLE, onPoll_);
}

void FdPoller::Stop() {
  if (handle_ == nullptr) return;
  uv_poll_stop(handle_);
  uv_close(reinterpret_cast<uv_handle_t*>(handle_), [](uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); });
  handle_ = nullptr;
}

void FdPoller::Orphan() {
  if (handle_ != nullptr) handle_->data = nullptr;
}

Napi::Value PollError(Napi::Env env, int status) {
  Napi::Error error = Napi::Error::New(env, std::string("uv_poll: ") + uv_strerror(status));
  error.Set("code", Napi::String::New(env, uv_err_name(status)));
  return error.Value();
}

void CallBack(Napi::Env env, Napi::FunctionReference& callback, Napi::Object self, const std::vector<napi_value>& args) {
  if (callback.IsEmpty()) return;
  callback.MakeCallback(self, args);
  if (env.IsExceptionPending()) napi_fatal_exception(env, env.GetAndClearPendingException().Value());
}

#include "errors.h"

#include <cstring>
#include <string>

Napi::Value ThrowErrno(Napi::Env env, int err, const char* what) {
  // glibc >= 2.32: the symbolic name ("EPERM"); fall back to the number.
  const char* name = strerrorname_np(err);
  std::string code = name != nullptr ? name : "E" + std::to_string(err);
  std::string message = std::string(what) + ": " + strerror(err) + " (" + code + ")";
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, code));
  error.Set("errno", Napi::Number::New(env, -err));
  error.ThrowAsJavaScriptException();
  return env.Undefined();
}

Napi::Value ThrowType(Napi::Env env, const char* message) {
  Napi::TypeError::New(env, message).ThrowAsJavaScriptException();
  return env.Undefined();
}

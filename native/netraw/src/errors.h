// Errors thrown to JavaScript carry `code` = the errno name, as Node's own errors do.
#pragma once
#include <napi.h>

// Throws Error("<what>: <strerror> (<ENAME>)") with code = ENAME; returns undefined for `return`.
Napi::Value ThrowErrno(Napi::Env env, int err, const char* what);
// Throws a TypeError for a bad argument; returns undefined for `return`.
Napi::Value ThrowType(Napi::Env env, const char* message);

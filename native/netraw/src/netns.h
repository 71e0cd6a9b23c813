// Named network namespaces as iproute2's `ip netns` keeps them (a bind mount under /run/netns),
// and entering one: what `vigil run --namespace` (keepalived's -s / net_namespace) and
// `vigil lab` need, since Node has no unshare(2), setns(2) or mount(2).
#pragma once
#include <napi.h>

// netnsAdd(name): a new network namespace, pinned at /run/netns/NAME.
Napi::Value NetnsAdd(const Napi::CallbackInfo& info);
// netnsDelete(name): unpins it; the kernel frees it when nothing else holds it.
Napi::Value NetnsDelete(const Napi::CallbackInfo& info);
// netnsEnter(path): moves the calling (main) thread into the namespace at `path`; returns a
// descriptor of the namespace it left, for netnsReturn (or to close).
Napi::Value NetnsEnter(const Napi::CallbackInfo& info);
// netnsReturn(fd): back into the namespace `fd` refers to; closes `fd`.
Napi::Value NetnsReturn(const Napi::CallbackInfo& info);

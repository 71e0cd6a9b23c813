# netraw: the raw sockets Vigil needs (README.md). Built by scripts/setup.sh with
# `npx node-gyp rebuild -C native/netraw`; no npm lifecycle script builds it.
{
  "targets": [
    {
      "target_name": "netraw",
      "sources": ["src/netraw.cc", "src/errors.cc", "src/addresses.cc", "src/vrrp_socket.cc", "src/netns.cc", "src/capture.cc", "src/fd_poller.cc", "src/netlink_socket.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_DISABLE_CPP_EXCEPTIONS", "NAPI_VERSION=8"],
      "cflags_cc": ["-Wall", "-Wextra"]
    }
  ]
}

#include "addresses.h"

#include <arpa/inet.h>

#include <cstring>

bool ParseAddress(int family, const std::string& text, unsigned ifindex, sockaddr_storage* out, socklen_t* length) {
  std::memset(out, 0, sizeof *out);
  if (family == AF_INET) {
    auto* sin = reinterpret_cast<sockaddr_in*>(out);
    sin->sin_family = AF_INET;
    *length = sizeof *sin;
    return inet_pton(AF_INET, text.c_str(), &sin->sin_addr) == 1;
  }
  auto* sin6 = reinterpret_cast<sockaddr_in6*>(out);
  sin6->sin6_family = AF_INET6;
  sin6->sin6_scope_id = ifindex;  // link-local and ff02:: need the interface
  *length = sizeof *sin6;
  return inet_pton(AF_INET6, text.c_str(), &sin6->sin6_addr) == 1;
}

std::string FormatAddress(int family, const void* address) {
  char text[INET6_ADDRSTRLEN] = "";
  inet_ntop(family, address, text, sizeof text);
  return text;
}

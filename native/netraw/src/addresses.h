// IPv4/IPv6 text <-> socket addresses (inet_pton / inet_ntop).
#pragma once
#include <netinet/in.h>
#include <sys/socket.h>

#include <string>

// Fills `out` (sockaddr_in or sockaddr_in6, scope = ifindex for IPv6) from text; false if not `family`.
bool ParseAddress(int family, const std::string& text, unsigned ifindex, sockaddr_storage* out, socklen_t* length);
// RFC 5952 text of an in_addr / in6_addr (no %scope).
std::string FormatAddress(int family, const void* address);

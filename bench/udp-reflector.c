/* udp-reflector: the least a UDP request/response server can do per request, to measure the
 * ceiling of bench/stateless-rate.sh's "answered" ratio on this machine (docs/BENCHMARKS.md,
 * issue 13 §5 (a)). One thread, one socket: read up to 32 datagrams with one recvmmsg, send each
 * back unchanged to its source with one sendmmsg, repeat. No parsing, no state, no allocation.
 * build: gcc -O2 -o udp-reflector bench/udp-reflector.c
 * usage: udp-reflector PORT [BATCH=32]   (binds 127.0.0.1:PORT; runs until killed) */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
enum { MAX_BATCH = 128, MAX_DATAGRAM = 2048 };
int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: udp-reflector PORT [BATCH=32]\n"); return 2; }
  int batch = argc > 2 ? atoi(argv[2]) : 32;
  if (batch < 1 || batch > MAX_BATCH) { fprintf(stderr, "udp-reflector: BATCH is 1..%d\n", MAX_BATCH); return 2; }
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  int buffer = 8 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
  setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
  struct sockaddr_in local = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};
  inet_pton(AF_INET, "127.0.0.1", &local.sin_addr);
  if (bind(fd, (struct sockaddr *)&local, sizeof local) != 0) { perror("udp-reflector: bind"); return 1; }
  static unsigned char data[MAX_BATCH][MAX_DATAGRAM];
  static struct sockaddr_in from[MAX_BATCH];
  struct mmsghdr messages[MAX_BATCH];
  struct iovec iov[MAX_BATCH];
  for (;;) {
    for (int i = 0; i < batch; i++) {
      iov[i] = (struct iovec){.iov_base = data[i], .iov_len = MAX_DATAGRAM};
      messages[i] = (struct mmsghdr){.msg_hdr = {.msg_name = &from[i], .msg_namelen = sizeof from[i],
                                                  .msg_iov = &iov[i], .msg_iovlen = 1}};
    }
    int got = recvmmsg(fd, messages, batch, MSG_WAITFORONE, NULL); /* blocks for the first only */
    if (got <= 0) continue;
    for (int i = 0; i < got; i++) iov[i].iov_len = messages[i].msg_len; /* echo exactly what came */
    for (int sent = 0; sent < got;) {
      int r = sendmmsg(fd, messages + sent, got - sent, 0);
      if (r <= 0) break; /* a full send buffer costs those answers, as in a real server */
      sent += r;
    }
  }
}

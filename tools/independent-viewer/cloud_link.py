"""How the viewer reaches the cloud (PROTOCOL.md §3.1): UDP, and TCP when UDP goes unanswered.
Over TCP each datagram travels as a u16 big-endian length and its bytes, both ways, relay
datagrams included (§7)."""

import socket
import struct
import time

MAX_TCP_DATAGRAM = 1228  # the largest relay frame; a larger length closes the connection
UNANSWERED_REQUESTS = 3
UNANSWERED_OVER = 1.4
NEWEST_UNANSWERED_FOR = 0.4


class CloudLink:
    """udp_blocked: experiments, as behind a firewall that drops UDP to and from the cloud."""

    def __init__(self, cloud, tcp_port=None, udp_blocked=False, log=print):
        self.cloud, self.tcp_port, self.udp_blocked, self.log = cloud, tcp_port or cloud[1], udp_blocked, log
        self.tcp, self.buffer = None, b""
        self.unanswered = []  # when each request since the cloud's last answer over UDP went

    @property
    def transport(self):
        return "tcp" if self.tcp else "udp"

    def sockets(self, udp):
        return [udp] + ([self.tcp] if self.tcp else [])

    def send(self, udp, datagram, request=False):
        """request: a LOOKUP or CONNECT_REQUEST, which counts towards moving to TCP (relay datagrams do not)."""
        if self.tcp:
            try:
                self.tcp.sendall(struct.pack(">H", len(datagram)) + datagram)
            except OSError as e:
                self._close(f"TCP send failed: {e}")
            return
        if request:
            self.unanswered.append(time.monotonic())
        if not self.udp_blocked:
            udp.sendto(datagram, self.cloud)

    def should_move_to_tcp(self, now):
        """§3.1 Finding it: 3 requests over at least 1.4 s unanswered, the newest for at least 400 ms."""
        u = self.unanswered
        return (not self.tcp and len(u) >= UNANSWERED_REQUESTS and now - u[0] >= UNANSWERED_OVER
                and now - u[-1] >= NEWEST_UNANSWERED_FOR)

    def move_to_tcp(self, timeout):
        try:
            self.tcp = socket.create_connection((self.cloud[0], self.tcp_port), timeout=timeout)
        except OSError as e:
            self.log(f"TCP to the cloud failed: {e}")
            self.unanswered.clear()  # count again before the next try
            return False
        self.tcp.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.tcp.setblocking(False)
        self.log(f"UDP to the cloud unanswered: on TCP to {self.cloud[0]}:{self.tcp_port}")
        return True

    def accept_udp(self, source):
        """Whether a UDP datagram from source gets through; an answer from the cloud resets the count."""
        if source == self.cloud:
            if self.udp_blocked:
                return False
            self.unanswered.clear()
        return True

    def read_tcp(self):
        """The whole datagrams that arrived over TCP (each as if from the cloud's address)."""
        try:
            data = self.tcp.recv(65536)
        except BlockingIOError:
            return []
        except OSError as e:
            data, reason = b"", str(e)
        else:
            reason = "closed by the cloud"
        if not data:
            self._close(reason)
            return []
        self.buffer += data
        datagrams = []
        while len(self.buffer) >= 2:
            (length,) = struct.unpack_from(">H", self.buffer)
            if length > MAX_TCP_DATAGRAM:
                self._close(f"a length of {length} cannot be resynchronised")
                return datagrams
            if len(self.buffer) < 2 + length:
                break
            if length:  # a length of 0 is skipped
                datagrams.append(self.buffer[2 : 2 + length])
            self.buffer = self.buffer[2 + length :]
        return datagrams

    def _close(self, reason):
        """§3.1: a client goes back to UDP if the connection breaks."""
        self.log(f"TCP to the cloud lost ({reason}): back to UDP")
        self.tcp.close()
        self.tcp, self.buffer = None, b""
        self.unanswered.clear()

#!/usr/bin/env python3
"""Every UDP socket's receive queue, sampled every 10 ms (docs/BENCHMARKS.md, "A million cameras per node").

    bench/udp-queues.py SECONDS OUT

For SECONDS, reads /proc/net/udp every 10 ms and writes to OUT one line per sample in which some
socket holds more than 64 KiB (rx_queue: the bytes of datagrams the socket holds, counted as the
kernel charges them, ~0.8 KiB for a small one on loopback): the wall-clock time (UTC, ms), then
"address:port=KiB" for each such socket. Beside the generator's p2pcam.SlowConnect JFR events it
says which queue a slow connect waited in: the cloud's (its loop behind) or the generator's (its
receive threads behind). Costs ~1-2 % of a core.
"""
import sys
import time

THRESHOLD_BYTES = 64 * 1024


def address(hex_address):
    ip, port = hex_address.split(":")
    octets = [str(int(ip[i:i + 2], 16)) for i in (6, 4, 2, 0)]  # little-endian on x86
    return ".".join(octets) + ":" + str(int(port, 16))


def main():
    seconds, out = float(sys.argv[1]), sys.argv[2]
    end = time.monotonic() + seconds
    with open(out, "w") as sink:
        while time.monotonic() < end:
            full = []
            with open("/proc/net/udp") as table:
                next(table)
                for line in table:
                    fields = line.split()
                    queued = int(fields[4].split(":")[1], 16)
                    if queued > THRESHOLD_BYTES:
                        full.append("%s=%d" % (address(fields[1]), queued // 1024))
            if full:
                now = time.time()
                sink.write(time.strftime("%H:%M:%S", time.gmtime(now)) + ".%03d " % (now % 1 * 1000) + " ".join(full) + "\n")
            time.sleep(0.01)


if __name__ == "__main__":
    main()

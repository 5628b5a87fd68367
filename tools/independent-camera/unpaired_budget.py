"""The unpaired lane's budget (PROTOCOL.md §10.1 step 4, §10.4): a wait after repeated wrong passwords,
then a token bucket per source (IPv4 address or IPv6 /64) and one for the whole camera."""

import ipaddress
import math
from collections import OrderedDict

FREE_WRONG_PASSWORDS = 5
FIRST_WAIT, LONGEST_WAIT = 1.0, 300.0
FORGIVEN_AFTER = 15 * 60
SOURCES_TRACKED = 4096


class TokenBucket:
    def __init__(self, burst, every, now):
        self.burst, self.every, self.tokens, self.at = burst, every, burst, now

    def _refill(self, now):
        self.tokens = min(self.burst, self.tokens + (now - self.at) / self.every)
        self.at = now

    def wait(self, now):
        """Seconds until a token is there (0 when one is)."""
        self._refill(now)
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) * self.every

    def take(self, now):
        if self.wait(now) > 0:
            return False
        self.tokens -= 1
        return True


def party(ip):
    address = ipaddress.ip_address(ip)
    return str(ipaddress.ip_network(f"{address}/64", strict=False)) if address.version == 6 else str(address)


class UnpairedBudget:
    def __init__(self):
        self.wrong = 0
        self.last_failure = None
        self.sources = OrderedDict()
        self.camera_bucket = None

    def wrong_password(self, now):
        if self.last_failure is not None and now - self.last_failure >= FORGIVEN_AFTER:
            self.wrong = 0
        self.wrong += 1
        self.last_failure = now

    def right_password(self):
        self.wrong, self.last_failure = 0, None

    def refusal(self, source_ip, now):
        """None when the request may go on, else the seconds to retry after (THROTTLED), rounded up."""
        if self.last_failure is not None and now - self.last_failure >= FORGIVEN_AFTER:
            self.right_password()
        if self.wrong > FREE_WRONG_PASSWORDS:  # the sixth wrong password starts the wait of 1 s
            wait = min(LONGEST_WAIT, FIRST_WAIT * 2 ** (self.wrong - FREE_WRONG_PASSWORDS - 1))
            if now < self.last_failure + wait:
                return math.ceil(self.last_failure + wait - now)
        if self.camera_bucket is None:
            self.camera_bucket = TokenBucket(8, 0.5, now)
        key = party(source_ip)
        bucket = self.sources.pop(key, None) or TokenBucket(4, 5.0, now)
        self.sources[key] = bucket
        while len(self.sources) > SOURCES_TRACKED:
            self.sources.popitem(last=False)
        wait = max(bucket.wait(now), self.camera_bucket.wait(now))
        if wait > 0:
            return math.ceil(wait)  # neither bucket loses a token to a refused request
        bucket.take(now)
        self.camera_bucket.take(now)
        return None

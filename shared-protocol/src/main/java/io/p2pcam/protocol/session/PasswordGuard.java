package io.p2pcam.protocol.session;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks viewers' passwords and slows guessing: after {@value #MAX_FAILURES} wrong passwords
 * within a minute from one address, further attempts from it are refused unchecked until the
 * oldest failure is a minute old. Tracks at most {@value #MAX_ADDRESSES} addresses (the least
 * recently failing are forgotten first). Not thread-safe.
 */
public final class PasswordGuard {
    static final int MAX_FAILURES = 5;
    static final long WINDOW_MILLIS = 60_000;
    private static final int MAX_ADDRESSES = 10_000;

    private final byte[] password;
    private final Map<InetAddress, ArrayDeque<Long>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, ArrayDeque<Long>> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    public PasswordGuard(String password) {
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    public SessionHello.Verdict check(InetAddress viewer, String offered, long now) {
        ArrayDeque<Long> recent = failures.get(viewer);
        if (recent != null) {
            while (!recent.isEmpty() && now - recent.peekFirst() >= WINDOW_MILLIS) {
                recent.pollFirst();
            }
            if (recent.size() >= MAX_FAILURES) {
                return SessionHello.Verdict.TOO_MANY_ATTEMPTS;
            }
        }
        if (MessageDigest.isEqual(password, offered.getBytes(StandardCharsets.UTF_8))) {
            return SessionHello.Verdict.ADMITTED;
        }
        failures.computeIfAbsent(viewer, v -> new ArrayDeque<>()).addLast(now);
        return SessionHello.Verdict.WRONG_PASSWORD;
    }
}

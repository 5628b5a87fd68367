package io.p2pcam.protocol.session;

import java.time.Instant;
import java.time.InstantSource;

/** A wall clock that moves only when told: handshake timestamps in tests. */
final class FakeWallClock implements InstantSource {
    private Instant now = Instant.parse("2026-12-02T12:00:00Z");

    @Override
    public Instant instant() {
        return now;
    }

    void advanceMillis(long millis) {
        now = now.plusMillis(millis);
    }
}

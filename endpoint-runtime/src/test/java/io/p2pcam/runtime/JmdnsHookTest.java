package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import javax.jmdns.JmDNS;
import javax.jmdns.impl.JmDNSImpl;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What {@link JmdnsGoodbye}, {@link JmdnsCacheBound} and {@link JmdnsRecordWatch} rest on inside
 * JmDNS (3.6), checked by itself so that a JmDNS upgrade that changes it fails here with a message
 * that says what is lost, not as a slow camera or a growing heap somewhere else. The rest is
 * checked where it is used: setTTL expiring a record (LanCacheBoundTest, and each round of {@link
 * JmdnsCacheBound} itself), JmDNS telling its record listeners (LanAnnouncementChangeTest), its
 * canceler's states (LanAnnouncerCloseTest).
 */
@Tag("realtime")
class JmdnsHookTest {
    @Test
    void everyJmdnsWeCreateRunsOurTaskStarter() throws Exception {
        assumeFalse(LanInterfaces.multicastCapable().isEmpty(), "no multicast-capable interface: mDNS cannot run");
        JmdnsGoodbye.install();
        try (JmDNS jmdns = JmDNS.create(LanInterfaces.multicastCapable().getFirst(), "p2pcam-hook-test")) {
            assertThat(jmdns).isInstanceOf(JmDNSImpl.class);
            assertThat(JmdnsGoodbye.checkHooked(jmdns))
                    .as("JmDNS builds its task starter through DNSTaskStarter.Factory's class delegate; if not,"
                            + " the cache bound, the bounded resolution, the prompt reaping and the one-packet"
                            + " goodbye are all gone")
                    .isTrue();
        }
    }
}

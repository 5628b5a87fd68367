package io.p2pcam.protocol.cloud;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * An address at which a peer may be reached: one of its own interfaces ({@link Kind#LOCAL}), its
 * address as the cloud saw it ({@link Kind#REFLEXIVE}), or a relay's ({@link Kind#RELAY}, reserved).
 * The wire form is {@code kind u8, family u8 (4|6), address 4|16, port u16}.
 */
public record Candidate(Kind kind, InetSocketAddress address) {
    public enum Kind {
        LOCAL(1),
        REFLEXIVE(2),
        RELAY(3);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static Kind fromCode(int code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            return null;
        }
    }

    public Candidate {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("candidate needs a literal address, got " + address);
        }
    }

    public static Candidate local(InetSocketAddress address) {
        return new Candidate(Kind.LOCAL, address);
    }

    public static Candidate reflexive(InetSocketAddress address) {
        return new Candidate(Kind.REFLEXIVE, address);
    }

    public InetAddress ip() {
        return address.getAddress();
    }

    /** Bytes this candidate takes on the wire. */
    public int encodedLength() {
        return 4 + ip().getAddress().length;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + " " + ip().getHostAddress() + ":" + address.getPort();
    }
}

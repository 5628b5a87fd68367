package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.CloudDecodeException;
import java.util.Locale;

/** Why the cloud dropped a datagram without acting on it. Each is a label of {@code p2pcam_drops_total}. */
public enum DropReason {
    // The datagram is not a well-formed message (CloudDecodeException.Reason, one for one).
    TOO_SHORT,
    TOO_LONG,
    BAD_MAGIC,
    BAD_VERSION,
    UNKNOWN_TYPE,
    TRUNCATED,
    BAD_FIELD,
    NOT_PADDED,
    /** A message only the cloud sends (a reflection, or a confused peer). */
    WRONG_DIRECTION,
    /** The source address exceeded its rate for this kind of request. */
    RATE_LIMITED,
    /** A REGISTER whose cookie was not made by this cloud for this key and address. */
    BAD_COOKIE,
    /** A REGISTER whose cookie is older than the challenge lifetime. */
    COOKIE_EXPIRED,
    /** A REGISTER whose signature does not verify with the key it names. */
    BAD_SIGNATURE,
    /** A REGISTER whose cookie was already spent on a signature check (a replay), other than the camera repeating itself. */
    COOKIE_SPENT,
    /** A REGISTER whose cookie is not newer than the one of the ID's current registration: the newest wins. */
    STALE_REGISTER,
    /** A RESUME whose ticket this node did not make, has expired, or whose proof does not verify. */
    TICKET_REFUSED,
    /** A REGISTER beyond the global budget of signature checks in flight. */
    VERIFIER_BUSY,
    /** A keepalive or answer whose token is not the registration's. */
    WRONG_TOKEN,
    /** A keepalive or answer from an address other than the registered one. */
    WRONG_SOURCE,
    /** An answer to no pending connect (late, duplicate or forged). */
    UNKNOWN_FORWARD,
    /** The registration table is full. */
    TABLE_FULL,
    /** Too many connects await a camera's answer. */
    PENDING_FULL,
    /** One party (IPv4 address, IPv6 /64, /56 or /48) already holds its cap of registrations or pending connects. */
    PARTY_QUOTA,
    /** One camera has had its share of connect forwards for now (a flood aimed at one camera). */
    CAMERA_CONNECT_CAP,
    /** A request for a camera another node may hold, beyond its party's or the node's budget of registry reads. */
    REGISTRY_READS,
    /** A CONNECT_REQUEST for a camera another node holds, beyond the node's budget of hand-overs to other nodes. */
    HAND_OVERS,
    /** A reply would have been larger than its unauthenticated request (anti-amplification guard). */
    REPLY_TOO_LARGE,
    /** A relay frame whose ticket names no relay session (never issued, expired, or the relay is off). */
    RELAY_UNKNOWN_TICKET,
    /** A relay frame or challenge response whose tag does not verify under its side's key (forged, or no key). */
    RELAY_BAD_TAG,
    /** A relay frame whose session packet counter its direction already relayed (a replay), or too old to tell. */
    RELAY_REPLAY,
    /** A relay frame beyond its session's bandwidth cap. */
    RELAY_RATE,
    /** A relay frame from, or that would go to, the cloud's own address or one no single host answers at. */
    RELAY_FORBIDDEN_ADDRESS,
    /**
     * A relay frame for a side that has sent no authentic relay datagram within the relay's idle
     * time (a viewer that never has: its address came from a request that may have been spoofed).
     */
    RELAY_UNPROVEN_SIDE,
    /**
     * A relay session closed when its viewer proved its address: its party already held its
     * share of proven sessions (sessions whose viewer has not proven itself are counted apart).
     */
    RELAY_VIEWER_OVER_QUOTA;

    public static DropReason of(CloudDecodeException.Reason reason) {
        return valueOf(reason.name());
    }

    /** The Prometheus label value. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

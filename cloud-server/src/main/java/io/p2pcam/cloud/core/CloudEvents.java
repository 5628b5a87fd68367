package io.p2pcam.cloud.core;

/**
 * What the rendezvous core reports, for metrics and logs (the core itself neither logs nor counts).
 * Called on the core's thread; implementations must be cheap and must not call back into the core.
 */
public interface CloudEvents {
    enum RegistrationOutcome {
        CHALLENGED,
        REGISTERED,
        MOVED,
        REFRESHED,
        EXPIRED,
        /** Registered by a resumption ticket, without a signature check (counted besides REGISTERED, MOVED or REFRESHED). */
        RESUMED,
        /** Removed to make room in a full table for a new camera (the party holding most loses one). */
        EVICTED
    }

    enum LookupOutcome {
        FOUND,
        UNAVAILABLE
    }

    enum ConnectOutcome {
        FORWARDED,
        ACCEPTED,
        REJECTED,
        UNAVAILABLE,
        TIMED_OUT,
        RETRANSMITTED
    }

    default void received(int bytes) {}

    default void sent(int bytes) {}

    default void dropped(DropReason reason) {}

    default void registration(RegistrationOutcome outcome) {}

    default void keepalive(boolean known) {}

    default void lookup(LookupOutcome outcome) {}

    default void connect(ConnectOutcome outcome) {}

    /** A CONNECT_REQUEST presented a cloud pass (§5.3), and this is how it fared. */
    default void connectPass(PassVerdict verdict) {}

    /** A relay frame of {@code bytes} was forwarded. */
    default void relayed(int bytes) {}

    /** A relay side proved it receives at a new address; frames for it go there now. */
    default void relayPathValidated() {}

    /** The relay now holds {@code count} sessions. */
    default void relaySessions(int count) {}

    /** The number of registered cameras changed. */
    default void camerasOnline(int count) {}

    CloudEvents NONE = new CloudEvents() {};
}

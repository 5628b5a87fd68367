package io.p2pcam.protocol.cloud;

/** The type byte of a cloud message (docs/PROTOCOL.md §3). Unknown codes map to {@link #UNKNOWN}. */
public enum MessageType {
    REGISTER_HELLO(0x01, Direction.TO_CLOUD),
    REGISTER_CHALLENGE(0x02, Direction.FROM_CLOUD),
    REGISTER(0x03, Direction.TO_CLOUD),
    REGISTERED(0x04, Direction.FROM_CLOUD),
    KEEPALIVE(0x05, Direction.TO_CLOUD),
    KEEPALIVE_ACK(0x06, Direction.FROM_CLOUD),
    RESUME(0x07, Direction.TO_CLOUD),
    LOOKUP(0x10, Direction.TO_CLOUD),
    LOOKUP_RESULT(0x11, Direction.FROM_CLOUD),
    CONNECT_REQUEST(0x12, Direction.TO_CLOUD),
    CONNECT_FORWARD(0x13, Direction.FROM_CLOUD),
    CONNECT_ANSWER(0x14, Direction.TO_CLOUD),
    CONNECT_RESULT(0x15, Direction.FROM_CLOUD),
    ERROR(0x7f, Direction.FROM_CLOUD),
    UNKNOWN(-1, Direction.TO_CLOUD);

    /** Which way a message travels; the cloud drops messages that only it sends. */
    public enum Direction {
        TO_CLOUD,
        FROM_CLOUD
    }

    /** Codes 0x30–0x3f are reserved for the relay (allocate, refresh, data); see docs/PROTOCOL.md. */
    public static final int RELAY_RESERVED_FIRST = 0x30;

    public static final int RELAY_RESERVED_LAST = 0x3f;

    private static final MessageType[] BY_CODE = new MessageType[256];

    static {
        for (MessageType type : values()) {
            if (type.code >= 0) {
                BY_CODE[type.code] = type;
            }
        }
    }

    private final int code;
    private final Direction direction;

    MessageType(int code, Direction direction) {
        this.code = code;
        this.direction = direction;
    }

    public int code() {
        return code;
    }

    public Direction direction() {
        return direction;
    }

    public static MessageType fromCode(int code) {
        MessageType type = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        return type == null ? UNKNOWN : type;
    }
}

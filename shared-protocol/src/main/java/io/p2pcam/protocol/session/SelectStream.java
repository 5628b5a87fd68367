package io.p2pcam.protocol.session;

/**
 * The body of a SELECT_STREAM session packet (kind 9, docs/PROTOCOL.md §10.9): the viewer asks the
 * camera for its main or its sub-stream.
 *
 * <pre>
 *  0
 *  +--------+-----------------------------+
 *  | stream | (later versions: ignored)   |
 *  +--------+-----------------------------+
 * </pre>
 *
 * stream: 0 = main, 1 = sub; other values decode as {@link VideoStream#UNKNOWN}. Trailing bytes
 * are ignored (newer viewers may add fields); an empty body is malformed.
 */
public record SelectStream(VideoStream stream) {
    public static final int BODY_BYTES = 1;

    public SelectStream {
        if (stream == null) {
            throw new IllegalArgumentException("a stream is needed");
        }
    }

    public byte[] encode() {
        if (stream == VideoStream.UNKNOWN) {
            throw new IllegalArgumentException("UNKNOWN is what a camera reads, never sent");
        }
        return new byte[] {(byte) stream.code()};
    }

    /**
     * Reads a SELECT_STREAM body.
     *
     * @throws MalformedSelectStreamException when the body is empty
     */
    public static SelectStream decode(byte[] body) throws MalformedSelectStreamException {
        if (body.length < BODY_BYTES) {
            throw new MalformedSelectStreamException("SELECT_STREAM body of " + body.length + " bytes, needs 1");
        }
        return new SelectStream(VideoStream.fromCode(body[0] & 0xff));
    }

    /** An authentic SELECT_STREAM that does not parse: the peer's bug, dropped and counted. */
    public static final class MalformedSelectStreamException extends Exception {
        private static final long serialVersionUID = 1L;

        public MalformedSelectStreamException(String message) {
            super(message);
        }
    }
}

package io.p2pcam.protocol.cloud;

import java.util.Objects;

/**
 * A {@link CloudPass} as presented in a CONNECT_REQUEST (docs/PROTOCOL.md §3.10.9): the pass id
 * and the tag over the request, 24 bytes after the handshake. Id 0 means no pass.
 */
public record PassTag(long passId, Bytes tag) {
    public static final PassTag NONE = new PassTag(0, Bytes.EMPTY);

    public PassTag {
        Objects.requireNonNull(tag, "tag");
        if (passId == 0 ? tag.length() != 0 : tag.length() != CloudPass.TAG_BYTES) {
            throw new IllegalArgumentException(
                    "a pass tag is a non-zero id and " + CloudPass.TAG_BYTES + " bytes, or NONE");
        }
    }

    public boolean present() {
        return passId != 0;
    }
}

package io.p2pcam.cloud.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectAnswer;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectResult;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectStatus;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.Keepalive;
import io.p2pcam.protocol.cloud.CloudMessage.KeepaliveAck;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.cloud.CloudMessage.Resume;
import io.p2pcam.protocol.cloud.ForwardTag;
import io.p2pcam.protocol.cloud.PassTag;
import io.p2pcam.protocol.cloud.RelayGrant;
import io.p2pcam.protocol.cloud.ResumeGrant;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The size each §3.10 heading of docs/PROTOCOL.md gives its message is the length of the real
 * encoding: the smallest and the largest message of each type are encoded with {@link CloudCodec}
 * (eight IPv6 candidates, a 512-byte handshake, every optional field) and measured.
 */
class ProtocolMessageSizesDocumentTest {
    private static final String LAYOUTS = MarkdownDocument.read("docs/PROTOCOL.md")
            .section("3.10 Message layouts")
            .text();
    private static final CameraPublicKey KEY = CameraPublicKey.fromBytes(new byte[CameraPublicKey.BYTES], 0);
    private static final CameraId ID = CameraId.fromBytes(new byte[CameraId.BYTES]);
    private static final InetSocketAddress V4 = new InetSocketAddress("203.0.113.7", 40000);
    private static final InetSocketAddress V6 = new InetSocketAddress("2001:db8::1", 443);
    private static final List<Candidate> EIGHT_V6 = Collections.nCopies(8, Candidate.local(V6));
    private static final Bytes HANDSHAKE = bytes(CloudCodec.MAX_HANDSHAKE);
    private static final RelayGrant GRANT = new RelayGrant(7, bytes(RelayGrant.KEY_BYTES));

    @Test
    void registrationMessages() {
        Bytes cookie = bytes(CloudCodec.COOKIE_BYTES);
        Bytes signature = bytes(CloudCodec.SIGNATURE_BYTES);
        ResumeGrant ticket = new ResumeGrant(
                bytes(ResumeGrant.KEY_BYTES), bytes(ResumeGrant.SECRET_BYTES), nonZero(ResumeGrant.TICKET_BYTES));
        int v4 = size(registered(V4, ResumeGrant.NONE));
        int v6 = size(registered(V6, ResumeGrant.NONE));

        assertThat(heading("REGISTER_HELLO")).endsWith(", " + size(new RegisterHello(1, KEY)) + " bytes");
        assertThat(heading("REGISTER_CHALLENGE")).endsWith(", " + size(new RegisterChallenge(1, cookie)) + " bytes");
        assertThat(heading("REGISTER"))
                .endsWith(", %d–%d bytes"
                        .formatted(
                                size(new Register(1, KEY, cookie, List.of(), signature)),
                                size(new Register(1, KEY, cookie, EIGHT_V6, signature))));
        assertThat(heading("REGISTERED"))
                .endsWith(", %d bytes (IPv4) or %d bytes (IPv6), %d more with a ticket, %d more with a pass key"
                        .formatted(
                                v4,
                                v6,
                                size(registered(V4, ticket)) - v4,
                                size(registered(V4, ticket.withSealedPassKey(bytes(16))))
                                        - size(registered(V4, ticket))));
        assertThat(heading("RESUME"))
                .endsWith(", %d bytes"
                        .formatted(size(new Resume(
                                1, KEY, cookie, bytes(ResumeGrant.TICKET_BYTES), bytes(ResumeGrant.PROOF_BYTES)))));
        assertThat(heading("KEEPALIVE")).endsWith(", %d bytes".formatted(size(new Keepalive(1, ID, token()))));
        assertThat(heading("KEEPALIVE_ACK")).endsWith(", %d bytes".formatted(size(new KeepaliveAck(1, 20_000))));
    }

    /** {@code forward} as the cloud sends it: tagged under the camera's registration (§3.10.10). */
    private static ConnectForward tagged(ConnectForward forward) {
        return ForwardTag.seal(forward, ForwardTag.key(Bytes.of(new byte[16])));
    }

    @Test
    void lookupAndConnectMessages() {
        assertThat(heading("LOOKUP")).endsWith(", %d bytes".formatted(size(new Lookup(1, ID))));
        assertThat(heading("LOOKUP_RESULT"))
                .endsWith(", %d or %d bytes"
                        .formatted(size(new LookupResult(1, KEY)), size(LookupResult.unavailable(1))));
        assertThat(heading("CONNECT_REQUEST"))
                .endsWith(", %d–%d bytes"
                        .formatted(
                                size(new ConnectRequest(1, ID, List.of(), Bytes.EMPTY, PassTag.NONE)),
                                size(new ConnectRequest(1, ID, EIGHT_V6, HANDSHAKE, new PassTag(9, bytes(16))))));
        assertThat(heading("CONNECT_FORWARD"))
                .endsWith(", at most %d bytes (%d without a relay grant)"
                        .formatted(
                                size(tagged(new ConnectForward(1, EIGHT_V6, HANDSHAKE, GRANT))),
                                size(tagged(new ConnectForward(1, EIGHT_V6, HANDSHAKE, RelayGrant.NONE)))));
        assertThat(heading("CONNECT_ANSWER"))
                .endsWith(", at most %d bytes"
                        .formatted(size(new ConnectAnswer(1, ID, token(), true, EIGHT_V6, HANDSHAKE))));
        assertThat(heading("CONNECT_RESULT"))
                .endsWith(", at most %d bytes (%d with a relay grant, %d with its relay node)"
                        .formatted(size(result(RelayGrant.NONE)), size(result(GRANT)), size(result(GRANT.at(V6)))));
        assertThat(heading("ERROR")).endsWith(", %d bytes".formatted(size(new ErrorReply(1, ErrorCode.RATE_LIMITED))));
    }

    /** The heading line of the layout of {@code type} (its name followed by its code). */
    private static String heading(String type) {
        return LAYOUTS.lines()
                .filter(line -> line.startsWith("#### 3.10.") && line.contains(" " + type + " (0x"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no §3.10 heading for " + type));
    }

    private static ConnectResult result(RelayGrant grant) {
        return new ConnectResult(1, ConnectStatus.ACCEPTED, EIGHT_V6, HANDSHAKE, grant);
    }

    private static Registered registered(InetSocketAddress at, ResumeGrant grant) {
        return new Registered(1, Candidate.reflexive(at), token(), 20_000, 65_000, 1, grant);
    }

    private static int size(CloudMessage message) {
        return CloudCodec.encode(message).length;
    }

    private static Bytes token() {
        return bytes(CloudCodec.TOKEN_BYTES);
    }

    private static Bytes bytes(int length) {
        return Bytes.of(new byte[length]);
    }

    private static Bytes nonZero(int length) {
        byte[] value = new byte[length];
        value[0] = 1;
        return Bytes.of(value);
    }
}

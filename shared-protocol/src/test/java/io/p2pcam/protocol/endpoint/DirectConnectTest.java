package io.p2pcam.protocol.endpoint;

import static io.p2pcam.protocol.endpoint.EndpointWorld.CAMERA;
import static io.p2pcam.protocol.endpoint.EndpointWorld.CLOUD;
import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectStatus;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.session.SessionEvent.PathKind;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A viewer on the camera's LAN connects straight to the camera's announced address, with the
 * cloud out of reach (docs/PROTOCOL.md §10.8): the camera answers LOOKUP and CONNECT_REQUEST
 * itself, with the same admission as a brokered request, and never more bytes than it was sent.
 */
class DirectConnectTest {
    private static final InetSocketAddress ALICE = address("198.51.100.21", 50001);
    private static final InetSocketAddress MALLORY = address("198.51.100.66", 50066);
    private final EndpointWorld world = new EndpointWorld(4);

    DirectConnectTest() {
        world.blocked = (from, to) -> from.equals(CLOUD) || to.equals(CLOUD); // no internet today
    }

    @Test
    void aViewerOnTheLanGoesLiveThroughTheCameraAloneOnALanPath() {
        world.directViewer(ALICE, CAMERA, Password.of(EndpointWorld.PASSWORD));
        world.advance(200);

        assertThat(world.viewerEvents(ALICE, ViewerEvent.KeyVerified.class)).hasSize(1);
        assertThat(world.viewerEvents(ALICE, ViewerEvent.Live.class))
                .singleElement()
                .satisfies(live -> {
                    assertThat(live.path()).isEqualTo(PathKind.LAN);
                    assertThat(live.camera()).isEqualTo(CAMERA);
                });
        assertThat(world.cameraEvents(CameraEvent.ViewerLive.class))
                .extracting(CameraEvent.ViewerLive::path)
                .containsExactly(PathKind.LAN);
        assertThat(world.wire)
                .noneMatch(sent -> sent.to().equals(CLOUD) && sent.from().equals(ALICE));
    }

    @Test
    void aWrongPasswordOnTheLanIsRefusedAsThroughTheCloud() {
        world.directViewer(ALICE, CAMERA, Password.of("wrong"));
        world.advance(200);

        assertThat(world.viewerEvents(ALICE, ViewerEvent.Failed.class))
                .extracting(ViewerEvent.Failed::failure)
                .containsExactly(ViewerFailure.AUTH_FAILED);
        assertThat(world.camera.viewers()).isZero();
    }

    @Test
    void anImpostorAnsweringWithAnotherKeyNeverSeesTheFirstMessage() {
        InetSocketAddress impostor = address("198.51.100.99", 40000);
        CameraIdentity other = CameraIdentity.generate(EndpointWorld.seeded(77));
        List<byte[]> heard = new ArrayList<>();
        world.hosts.put(impostor, new Impostor(other, heard));

        world.directViewer(ALICE, impostor, Password.of(EndpointWorld.PASSWORD));
        world.advance(200);

        assertThat(world.viewerEvents(ALICE, ViewerEvent.Failed.class))
                .extracting(ViewerEvent.Failed::failure)
                .containsExactly(ViewerFailure.CLOUD_LIED);
        assertThat(heard).isNotEmpty().allMatch(datagram -> isA(datagram, CloudMessage.Lookup.class));
        // no CONNECT_REQUEST, so no first message and no password, went to it
    }

    @Test
    void aRetransmittedConnectRequestGetsTheSameReplyAndNoSecondSession() throws CloudDecodeException {
        world.directViewer(ALICE, CAMERA, Password.of(EndpointWorld.PASSWORD));
        world.advance(200);
        EndpointWorld.Sent request = world.wire.stream()
                .filter(sent -> sent.from().equals(ALICE) && isA(sent.data(), CloudMessage.ConnectRequest.class))
                .findFirst()
                .orElseThrow();
        byte[] firstReply = world.wire.stream()
                .filter(sent -> sent.from().equals(CAMERA) && isA(sent.data(), CloudMessage.ConnectResult.class))
                .findFirst()
                .orElseThrow()
                .data();

        List<Outgoing> replies = deliver(request.data(), ALICE);

        assertThat(replies)
                .singleElement()
                .satisfies(reply -> assertThat(reply.data()).isEqualTo(firstReply));
        assertThat(world.camera.viewers()).isEqualTo(1);
        assertThat(((CloudMessage.ConnectResult) CloudCodec.decode(firstReply)).status())
                .isEqualTo(ConnectStatus.ACCEPTED);
    }

    @Test
    void noReplyIsLargerThanTheRequestItAnswers() {
        world.directViewer(ALICE, CAMERA, Password.of(EndpointWorld.PASSWORD));
        world.advance(200);

        assertThat(largest(CAMERA, CloudMessage.LookupResult.class))
                .isPositive()
                .isLessThanOrEqualTo(smallest(ALICE, CloudMessage.Lookup.class));
        assertThat(largest(CAMERA, CloudMessage.ConnectResult.class))
                .isPositive()
                .isLessThanOrEqualTo(smallest(ALICE, CloudMessage.ConnectRequest.class));
    }

    private int largest(InetSocketAddress from, Class<? extends CloudMessage> kind) {
        return world.wire.stream()
                .filter(sent -> sent.from().equals(from) && isA(sent.data(), kind))
                .mapToInt(sent -> sent.data().length)
                .max()
                .orElse(0);
    }

    private int smallest(InetSocketAddress from, Class<? extends CloudMessage> kind) {
        return world.wire.stream()
                .filter(sent -> sent.from().equals(from) && isA(sent.data(), kind))
                .mapToInt(sent -> sent.data().length)
                .min()
                .orElse(0);
    }

    @Test
    void aLookupForAnotherCameraOrAnUnpaddedOneIsDroppedUnanswered() {
        byte[] otherCamera = CloudCodec.encode(new CloudMessage.Lookup(
                7, CameraIdentity.generate(EndpointWorld.seeded(5)).id()));
        byte[] lookup = CloudCodec.encode(new CloudMessage.Lookup(8, world.identity.id()));
        byte[] unpadded = Arrays.copyOf(lookup, CloudCodec.HEADER_BYTES + 15);

        assertThat(deliver(otherCamera, MALLORY)).isEmpty();
        assertThat(deliver(unpadded, MALLORY)).isEmpty();
        assertThat(world.camera.droppedDatagrams()).isEqualTo(2);
    }

    @Test
    void aLookupFloodFromOneSourceIsCutAtItsBucketWhileAnotherSourceIsServed() throws CloudDecodeException {
        int answered = 0;
        for (int i = 0; i < 100; i++) {
            answered += deliver(CloudCodec.encode(new CloudMessage.Lookup(i, world.identity.id())), MALLORY)
                    .size();
        }
        List<Outgoing> honest = deliver(CloudCodec.encode(new CloudMessage.Lookup(1, world.identity.id())), ALICE);

        assertThat(answered).isEqualTo(DirectRequests.Limits.DEFAULTS.sourceBurst());
        assertThat(honest).singleElement().satisfies(reply -> {
            assertThat(reply.to()).isEqualTo(ALICE);
            assertThat(((CloudMessage.LookupResult) CloudCodec.decode(reply.data())).key())
                    .isEqualTo(world.identity.publicKey());
        });
    }

    @Test
    void theBucketRefillsSoAnHonestViewerIsServedAgainLater() {
        for (int i = 0; i < 20; i++) {
            deliver(CloudCodec.encode(new CloudMessage.Lookup(i, world.identity.id())), MALLORY);
        }
        world.advance(DirectRequests.Limits.DEFAULTS.sourceRefillMillis());

        assertThat(deliver(CloudCodec.encode(new CloudMessage.Lookup(99, world.identity.id())), MALLORY))
                .hasSize(1);
    }

    /** Hands one datagram to the camera and returns what it sent back to {@code from}. */
    private List<Outgoing> deliver(byte[] datagram, InetSocketAddress from) {
        world.flush();
        world.camera.handleDatagram(datagram, 0, datagram.length, from, world.now);
        List<Outgoing> replies = new ArrayList<>();
        Outgoing out;
        while ((out = world.camera.pollTransmit()) != null) {
            if (out.to().equals(from) && !isSession(out.data())) {
                replies.add(out);
            }
        }
        return replies;
    }

    private static boolean isSession(byte[] data) {
        return data.length > 0 && data[0] == 0x53;
    }

    private static boolean isA(byte[] data, Class<? extends CloudMessage> kind) {
        try {
            return kind.isInstance(CloudCodec.decode(data));
        } catch (CloudDecodeException e) {
            return false;
        }
    }

    /** Something on the LAN that answers lookups with its own key, claiming to be the camera. */
    private static final class Impostor implements DatagramEndpoint {
        private final CameraIdentity identity;
        private final List<byte[]> heard;
        private final List<Outgoing> out = new ArrayList<>();

        Impostor(CameraIdentity identity, List<byte[]> heard) {
            this.identity = identity;
            this.heard = heard;
        }

        @Override
        public void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, long now) {
            heard.add(Arrays.copyOfRange(data, offset, offset + length));
            try {
                if (CloudCodec.decode(data, offset, length) instanceof CloudMessage.Lookup lookup) {
                    out.add(new Outgoing(
                            from,
                            CloudCodec.encode(
                                    new CloudMessage.LookupResult(lookup.transaction(), identity.publicKey()))));
                }
            } catch (CloudDecodeException e) {
                // not ours
            }
        }

        @Override
        public Outgoing pollTransmit() {
            return out.isEmpty() ? null : out.removeFirst();
        }

        @Override
        public long nextTimeout() {
            return Long.MAX_VALUE;
        }

        @Override
        public void handleTimeout(long now) {}
    }
}

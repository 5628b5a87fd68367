package io.p2pcam.runtime;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudPathMove;
import io.p2pcam.protocol.cloud.MessageType;
import io.p2pcam.protocol.cloud.RelayFrame;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How datagrams for the cloud leave: over UDP like everything else, until the cloud stops
 * answering there ({@link CloudFallback}); then over a {@link CloudTcpLink} to the same address and
 * port number (docs/PROTOCOL.md §3.1), and back to UDP when that link breaks, when its requests go
 * unanswered (TCP blocked, its connect hung) or when the cloud answers over UDP again ({@link
 * UdpReturnProbe}). An ERROR RATE_LIMITED over UDP that answers a request of this client moves the
 * path to TCP at once and goes no further (the endpoint sends its request again over TCP, where the
 * cloud keeps a budget apart for this client, decision 0057); it never holds the path on UDP nor
 * takes it back there. After TCP failed, the path stays on UDP for a while ({@link TcpRetry}) before
 * it tries TCP again, whatever UDP does meanwhile. Only what answers a request this client has
 * outstanding ({@link CloudRequests}) counts as the cloud's word over UDP: anyone can send from its
 * address (decision 0062). A path without a cloud address never switches.
 * Loop-thread only, except {@link #overTcp()}.
 */
final class CloudPath implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CloudPath.class);

    /** The cloud's address, or null for no fallback. */
    private final InetSocketAddress cloud;

    private final Selector selector;
    /** Requests over UDP unanswered: when to try TCP. */
    private final CloudFallback udpUnanswered = new CloudFallback();
    /** Requests over TCP unanswered: when to give TCP up. */
    private final CloudFallback tcpUnanswered = new CloudFallback();

    private final CloudRequests requests = new CloudRequests();
    private final TcpRetry tcpRetry = new TcpRetry();
    private final UdpReturnProbe probe = new UdpReturnProbe(new SecureRandom());
    private CloudTcpLink tcp;
    private volatile boolean overTcp;
    /** The cloud refused a request over UDP for rate: move to TCP at the next {@link #check} that may. */
    private boolean refusedOverUdp;
    /** Why the path moved last, or null before it first did. */
    private CloudPathMove lastMove;

    CloudPath(InetSocketAddress cloud, Selector selector) {
        this.cloud = cloud;
        this.selector = selector;
    }

    InetSocketAddress cloud() {
        return cloud;
    }

    boolean isCloud(InetSocketAddress address) {
        return address.equals(cloud);
    }

    /** Whether {@code link} is this path's TCP link. */
    boolean owns(CloudTcpLink link) {
        return link == tcp;
    }

    /** Why the path moved at the last {@link #check} that returned true (null before any did). */
    CloudPathMove lastMove() {
        return lastMove;
    }

    /** Whether the cloud is reached over TCP now; any thread. */
    boolean overTcp() {
        return overTcp;
    }

    /**
     * A datagram came from {@code from} over UDP. Returns whether it was this path's own (the
     * answer to its UDP probe, or an ERROR RATE_LIMITED) or dropped (a CONNECT_FORWARD while on
     * TCP), not for the endpoint.
     */
    boolean heardOverUdp(InetSocketAddress from, byte[] data, int length) {
        if (!from.equals(cloud)) {
            return false;
        }
        if (tcp != null && isType(data, length, MessageType.CONNECT_FORWARD)) {
            // On TCP a camera registers over the connection, and the cloud sends its forwards to
            // the registered address: the connection (§3.1). One over UDP is forged from the
            // cloud's address (a forward names the viewer's address and costs a handshake, §4.7),
            // or belongs to the registration the move ended, which the camera no longer holds.
            return true;
        }
        // Anyone can send from the cloud's address: only the echo of a transaction ID this client
        // sent there (§3.4) shows the cloud speaks. A forged refusal moved the client to TCP, and
        // forged datagrams of any kind held it on a UDP that a flood in its name kept unanswered.
        boolean answersUs = requests.answers(data, length);
        if (refusedForRate(data, length)) {
            // UDP does not serve this client now: the cloud keeps a budget apart for it over TCP,
            // which a flood forged in its name over UDP cannot spend (decision 0057). Such a flood
            // draws these refusals to its address; were they "heard", they would hold it on UDP.
            // Like DNS RRL's "slip", the refusal sends the client to TCP at once, and the endpoint
            // never sees it: were it told, it would end its attempt (or back off) instead of
            // sending the request again over TCP when told of the move. On TCP already, it refuses
            // a request from before the move or the UDP probe; neither concerns the endpoint. After
            // TCP failed, the move waits for TCP's retry while the endpoint asks again over UDP.
            refusedOverUdp |= tcp == null && answersUs;
            return true;
        }
        if (answersUs) {
            udpUnanswered.heardFromCloud();
            refusedOverUdp = false; // served over UDP again (its bucket refilled) before TCP's retry
        }
        return tcp != null && probe.isAnswer(data, 0, length);
    }

    /** Whether a datagram from the cloud is an ERROR RATE_LIMITED (§3.10.13), whoever's request it refuses. */
    private static boolean refusedForRate(byte[] data, int length) {
        if (!isType(data, length, MessageType.ERROR)) {
            return false;
        }
        try {
            return CloudCodec.decode(data, 0, length) instanceof ErrorReply error
                    && error.code() == ErrorCode.RATE_LIMITED;
        } catch (CloudDecodeException e) {
            return false;
        }
    }

    /** Whether a datagram has a cloud message's header, of {@code type}. */
    private static boolean isType(byte[] data, int length, MessageType type) {
        return length >= CloudCodec.HEADER_BYTES
                && (data[0] & 0xff) == CloudCodec.MAGIC >>> 8
                && (data[1] & 0xff) == (CloudCodec.MAGIC & 0xff)
                && (data[3] & 0xff) == type.code();
    }

    /** When {@link #check} may switch without anything else happening first ({@code now} at once), or Long.MAX_VALUE. */
    long nextCheckAt(long now) {
        if (cloud == null) {
            return Long.MAX_VALUE;
        }
        if (tcp != null) {
            return tcpUnanswered.dueAt();
        }
        long due = refusedOverUdp ? now : udpUnanswered.dueAt();
        return due == Long.MAX_VALUE ? due : Math.max(due, tcpRetry.allowedAt());
    }

    /** While on TCP, a LOOKUP to send to the cloud over UDP now to learn whether UDP works again, or null. */
    byte[] udpProbe(long now) {
        return tcp == null ? null : probe.due(now);
    }

    /**
     * Counts a datagram for the cloud (requests expect an answer; relay frames, challenge responses
     * and CONNECT_ANSWER do not) and sends it over TCP if that is the path now.
     *
     * @return whether it went over TCP; if not, the caller sends it over UDP
     */
    boolean send(byte[] datagram, long now) {
        if (requests.sent(datagram)) {
            (tcp == null ? udpUnanswered : tcpUnanswered).sentToCloud(now);
        } else if (RelayFrame.isRelayType(datagram, 0, datagram.length)) {
            probe.relaySent(now);
        }
        if (tcp == null) {
            return false;
        }
        tcp.send(datagram);
        return true;
    }

    /** The TCP link is ready: every whole frame from it goes to {@code deliver}, as from the cloud. */
    void onTcpReady(CloudTcpLink link, Consumer<byte[]> deliver) {
        link.onReady(datagram -> {
            // Over TCP the handshake proved the cloud's address: whatever comes is the cloud's word.
            tcpUnanswered.heardFromCloud();
            tcpRetry.worked();
            deliver.accept(datagram);
        });
    }

    /**
     * Switches the cloud to TCP when UDP goes unanswered or refuses a request for rate (once TCP
     * may be tried again, {@link TcpRetry}), and back to UDP when the TCP link breaks, goes
     * unanswered, or the cloud answers over UDP again.
     * Returns whether it switched: the endpoint is then told ({@code cloudPathChanged}), since
     * the cloud sees it at another source address and binds its cookies and registration to that.
     */
    boolean check(long now) {
        if (cloud == null) {
            return false;
        }
        if (tcp != null) {
            return leaveTcpIfDue(now);
        }
        if (!(refusedOverUdp || udpUnanswered.unansweredTooLong(now)) || now < tcpRetry.allowedAt()) {
            return false;
        }
        CloudPathMove move = refusedOverUdp ? CloudPathMove.REFUSED_OVER_UDP : CloudPathMove.UNANSWERED_OVER_UDP;
        String why = refusedOverUdp ? "a refusal for rate" : "no answer";
        refusedOverUdp = false;
        udpUnanswered.heardFromCloud(); // a fresh count for when it comes back
        try {
            tcp = CloudTcpLink.open(cloud, selector);
        } catch (IOException e) {
            log.debug("cannot open TCP to the cloud {}: {}", cloud, e.toString());
            tcpRetry.failed(now);
            return false;
        }
        overTcp = true;
        lastMove = move;
        log.info("{} from the cloud {} over UDP; trying TCP", why, cloud);
        tcpUnanswered.heardFromCloud();
        probe.start(now);
        return true;
    }

    /** On TCP: back to UDP if TCP failed (then TCP waits, {@link TcpRetry}) or UDP answers again. */
    private boolean leaveTcpIfDue(long now) {
        boolean failed = tcp.isBroken() || tcpUnanswered.unansweredTooLong(now);
        if (failed) {
            log.info(
                    "TCP to the cloud {} {}; back to UDP",
                    cloud,
                    tcp.isBroken() ? "broke or was refused" : "went unanswered");
            tcpRetry.failed(now);
            lastMove = CloudPathMove.TCP_FAILED;
        } else if (probe.answered()) {
            log.info("the cloud {} answers over UDP again; back to UDP", cloud);
            lastMove = CloudPathMove.UDP_WORKS_AGAIN;
        } else {
            return false;
        }
        tcp.close();
        tcp = null;
        overTcp = false;
        probe.stop();
        udpUnanswered.heardFromCloud(); // a fresh count before trying TCP again
        return true;
    }

    @Override
    public void close() {
        if (tcp != null) {
            tcp.close();
        }
    }
}

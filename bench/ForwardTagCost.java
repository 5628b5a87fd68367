import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.ForwardKeys;
import io.p2pcam.protocol.cloud.ForwardTag;
import io.p2pcam.protocol.cloud.RelayGrant;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * bench/forward-tag-cost.sh's JVM: what checking a CONNECT_FORWARD's tag costs a camera (and each of
 * cloud-loadgen's simulated cameras), with the real code: ForwardKeys.accepts under the key
 * ForwardTag.key derives, the forward encoded again without its tag and HMAC-SHA256 over it. CPU
 * time of this thread per check, once the JIT is done, for the generator's forward (a 96-byte
 * handshake, one candidate, no grant) and the largest a camera gets (a 512-byte handshake, a grant).
 * Args: WARM MEASURED.
 */
public class ForwardTagCost {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int warm = Integer.parseInt(args[0]);
        int measured = Integer.parseInt(args[1]);
        byte[] key = ForwardTag.key(Bytes.of(new byte[16]));
        List<Candidate> viewer = List.of(Candidate.local(new InetSocketAddress("192.0.2.7", 40000)));
        report("generator's forward (96-byte handshake)", forward(viewer, 96, RelayGrant.NONE, key), key, warm, measured);
        RelayGrant grant = new RelayGrant(42, Bytes.of(new byte[RelayGrant.KEY_BYTES]));
        report("largest forward (512-byte handshake, grant)", forward(viewer, 512, grant, key), key, warm, measured);
    }

    private static ConnectForward forward(List<Candidate> viewer, int handshakeBytes, RelayGrant grant, byte[] key) {
        return ForwardTag.seal(
                new ConnectForward(9, viewer, Bytes.of(new byte[handshakeBytes]), grant, Bytes.EMPTY), key);
    }

    private static void report(String what, ConnectForward forward, byte[] key, int warm, int measured) {
        int accepted = 0;
        for (int i = 0; i < warm; i++) {
            accepted += ForwardKeys.accepts(forward, key, null) ? 1 : 0;
        }
        long cpu = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < measured; i++) {
            accepted += ForwardKeys.accepts(forward, key, null) ? 1 : 0;
        }
        long nanos = THREADS.getCurrentThreadCpuTime() - cpu;
        if (accepted != warm + measured) {
            throw new IllegalStateException("a forward under its own key failed");
        }
        System.out.printf("%-44s %6.2f us CPU a check (%,d checks)%n", what + ":", nanos / 1e3 / measured, measured);
    }
}

package io.p2pcam.runtime;

import javax.jmdns.impl.DNSCache;
import javax.jmdns.impl.DNSEntry;
import javax.jmdns.impl.DNSRecord;
import javax.jmdns.impl.JmDNSImpl;
import javax.jmdns.impl.ServiceInfoImpl;

/**
 * Hears every record one JmDNS adds to its cache, changes in it, or finds expired, as it happens:
 * a held camera's new TXT record (a new name or port), announced under its old instance name,
 * comes with no new PTR record, and JmDNS tells its service listeners only of PTR records. It tells
 * every change to its record listeners ({@code DNSListener}, an interface of its own package), and
 * a resolver is one while it runs; a {@link ServiceInfoImpl} is the only kind of record listener
 * code outside that package can make, so this is one, used for nothing but listening. One per
 * JmDNS, however many instances are announced: not JmDNS's persistent resolvers, one per instance,
 * that a forger could multiply.
 *
 * <p>{@link Listener#recordChanged} runs on the JmDNS thread that read the packet, for every record
 * of every name (a forger's flood too), while that thread updates the cache: it must be quick, and
 * not read the cache expecting the rest of the packet there.
 */
final class JmdnsRecordWatch extends ServiceInfoImpl {
    /** Hears the records of one JmDNS. */
    @FunctionalInterface
    interface Listener {
        /** {@code record} was added, changed, or found expired (then {@code record.isExpired(now)}) in {@code where}. */
        void recordChanged(JmDNSImpl where, DNSRecord record, long now);
    }

    private static final String WATCH_TYPE = "_p2pcam-record-watch._udp.local.";

    private final JmDNSImpl where;
    private final Listener listener;

    private JmdnsRecordWatch(JmDNSImpl where, Listener listener) {
        // A type no resolver is for: JmDNS removes a resolver's listener by name, with ServiceInfoImpl's
        // equality, and an instance of our type could be named anything, this listener's name too.
        super(WATCH_TYPE, "record watch", "", 0, 0, 0, false, (byte[]) null);
        this.where = where;
        this.listener = listener;
    }

    /** Makes {@code listener} hear every record change of {@code jmdns} from now on, until it closes. */
    static void start(JmDNSImpl jmdns, Listener listener) {
        jmdns.addListener(new JmdnsRecordWatch(jmdns, listener), null); // null: no cached records to replay
    }

    @Override
    public void updateRecord(DNSCache cache, long now, DNSEntry entry) {
        if (entry instanceof DNSRecord record) {
            listener.recordChanged(where, record, now);
        }
    }
}

package javax.jmdns.impl;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * A JmDNS that hands each response it receives to a {@link Filter} before it acts on it, so that a
 * packet from off the link (RFC 6762 §11) never reaches its cache, nor its handling of goodbyes (a
 * record with TTL 0 has JmDNS expire the cached one a second later and tell its listeners
 * {@code serviceRemoved}, with no sender; nothing else in JmDNS tells who sent a goodbye). JmDNS
 * (3.6) has no public hook for received packets: {@code handleResponse} is package-private, so
 * this class is in JmDNS's package (the classpath, one class loader: JmDNS's jar is not sealed).
 * It only decides whether JmDNS sees a response; what to decide is p2pcam's
 * ({@code io.p2pcam.runtime.LanBrowser}).
 */
public final class JmdnsResponseFilter extends JmDNSImpl {
    /**
     * Whether JmDNS acts on a response whose packet came from {@code sender} (null: it has no
     * records) with {@code records} (its answers, authorities and additionals).
     */
    @FunctionalInterface
    public interface Filter {
        boolean heard(InetAddress sender, List<DNSRecord> records);
    }

    /** Set after JmDNS's constructor, which starts its socket's thread: until then nothing is heard. */
    private volatile Filter filter;

    private JmdnsResponseFilter(InetAddress address, String name) throws IOException {
        super(address, name, 0);
    }

    /** A JmDNS on {@code address}, named {@code name} (as {@code JmDNS.create}), acting only on the responses {@code filter} lets through. */
    public static JmDNSImpl create(InetAddress address, String name, Filter filter) throws IOException {
        JmdnsResponseFilter jmdns = new JmdnsResponseFilter(address, name);
        jmdns.filter = filter;
        return jmdns;
    }

    @Override
    void handleResponse(DNSIncoming msg) throws IOException {
        Filter heard = filter;
        if (heard == null) {
            return; // the few milliseconds before create returns: answers to queries not yet sent
        }
        // Every record of a packet has the packet's sender as its source (DNSIncoming).
        // getAllAnswers() builds a new list of all the packet's records at each call: once here.
        List<DNSRecord> records = msg.getAllAnswers();
        InetAddress sender = records.isEmpty() ? null : records.getFirst().getRecordSource();
        if (heard.heard(sender, records)) {
            super.handleResponse(msg);
        }
    }
}

package io.p2pcam.protocol.lan;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdFormatException;
import io.p2pcam.protocol.text.ShownName;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What a camera says about itself on its LAN with DNS-SD over mDNS (RFC 6763 §6, RFC 6762;
 * docs/PROTOCOL.md §10.8): service type {@value #SERVICE_TYPE}, instance name = the camera's name,
 * TXT keys {@code v=1}, {@code id=} the camera ID (text form), {@code name=}, {@code port=} the UDP
 * port of the camera's session socket (also the SRV record's port).
 *
 * <p>Unauthenticated: anyone on the LAN can announce anything. A viewer uses an announcement only
 * to know where to send a direct LOOKUP; the key it gets back must hash to the ID it wants
 * (invariant 1) before any password leaves it.
 */
public record LanAnnouncement(CameraId id, String name, int port) {
    /** The DNS-SD service type, as JmDNS and Avahi spell it. */
    public static final String SERVICE_TYPE = "_p2pcam._udp.local.";

    /** The TXT version this code writes; other versions are ignored when read. */
    public static final String VERSION = "1";

    /** RFC 6763 §4.1.1: an instance name is at most 63 bytes of UTF-8. */
    public static final int MAX_NAME_BYTES = 63;

    public LanAnnouncement {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not a UDP port");
        }
        name = clean(name);
    }

    /** The TXT record's keys and values, in the order written. */
    public Map<String, String> txt() {
        Map<String, String> txt = new LinkedHashMap<>();
        txt.put("v", VERSION);
        txt.put("id", id.toString());
        txt.put("name", name);
        txt.put("port", Integer.toString(port));
        return txt;
    }

    /**
     * The announcement in a TXT record read through {@code txt} (key → value, null when absent),
     * or null when it is not one this version understands: another version, no or a bad ID, a bad
     * port. Garbage is dropped, never an exception (invariant 4).
     */
    public static LanAnnouncement fromTxt(Function<String, String> txt) {
        if (!VERSION.equals(txt.apply("v"))) {
            return null;
        }
        String idText = txt.apply("id");
        String portText = txt.apply("port");
        if (idText == null || portText == null || portText.length() > 5) {
            return null;
        }
        try {
            int port = Integer.parseInt(portText);
            if (port < 1 || port > 65_535) {
                return null;
            }
            String name = txt.apply("name");
            return new LanAnnouncement(CameraId.parse(idText), name == null ? "" : name, port);
        } catch (NumberFormatException | CameraIdFormatException e) {
            return null;
        }
    }

    /** The DNS-SD instance name: the camera's name, or its ID when it has none. */
    public String instanceName() {
        return name.isEmpty() ? id.toString() : name;
    }

    /**
     * Control characters and invisible format ones out (a name is shown in dialogs and logs, and a
     * right-to-left override would let a LAN neighbour's name pass for another camera's in the
     * viewer's list: {@link ShownName}), cut to whole characters within
     * {@value #MAX_NAME_BYTES} bytes of UTF-8: a cut by UTF-16 units could split a surrogate pair
     * and still exceed the DNS label. Stripped after the control characters go and again after the
     * cut, so that a clean name cleans to itself: the TXT record a camera writes reads back as the
     * same announcement (a control character before a space, or a cut just before one, left a
     * name that cleaned differently the second time; DecoderFuzzTest.lanAnnouncement).
     */
    private static String clean(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        String printable = ShownName.clean(name);
        for (int c : printable.codePoints().toArray()) {
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; // its UTF-8 length
            if (bytes > MAX_NAME_BYTES) {
                break;
            }
            out.appendCodePoint(c);
        }
        return out.toString().stripTrailing();
    }
}

/**
 * RTP framing of H.264 video: pure codecs and state machines, no sockets, no threads, no clock.
 *
 * <h2>Send path</h2>
 * An encoder's access unit (one picture, Annex B bytes) is split into NAL units by {@link
 * io.p2pcam.protocol.media.AnnexB#split}, turned into RTP packets by {@link
 * io.p2pcam.protocol.media.H264Packetizer} and written to bytes by {@link
 * io.p2pcam.protocol.media.RtpCodec#encode}.
 *
 * <h2>Receive path</h2>
 * Bytes become packets through {@link io.p2pcam.protocol.media.RtpCodec#decode} (bad bytes raise
 * the checked {@link io.p2pcam.protocol.media.MalformedRtpException}); {@link
 * io.p2pcam.protocol.media.H264Depacketizer} puts them back in sequence order, reassembles access
 * units and reports each one as a {@link io.p2pcam.protocol.media.DepacketizerEvent}: intact (in
 * Annex B form, ready for a decoder), incomplete, or a packet dropped.
 *
 * <h2>RTP fixed header (RFC 3550 §5.1)</h2>
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....  (CC of them)                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | if X: profile-defined (16)    |  length in 32-bit words (16)  |
 * |                 header extension (skipped on decode)          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                            payload ...                        |
 * |                               +-------------------------------+
 * |                               | if P: padding ...  | count    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <h2>H.264 payload (RFC 6184, packetization-mode=1, non-interleaved)</h2>
 * <pre>
 * NAL unit header / payload header (§1.3, §5.3):
 * +---------------+
 * |0|1|2|3|4|5|6|7|
 * +-+-+-+-+-+-+-+-+
 * |F|NRI|  Type   |   Type 1..23 single NAL unit (§5.6), 24 STAP-A (§5.7.1), 28 FU-A (§5.8)
 * +---------------+
 *
 * STAP-A (§5.7.1):  [STAP-A header, type 24] ( [NALU size, 16 bits] [NAL unit] )+
 *
 * FU-A (§5.8):
 * +---------------+---------------+-----------------------------+
 * | FU indicator  |   FU header   |  fragment of the NAL unit   |
 * |F|NRI| Type=28 |S|E|R| Type    |  (original header omitted)  |
 * +---------------+---------------+-----------------------------+
 *   F and NRI copied from the NAL unit header; S = first fragment, E = last fragment,
 *   R = 0; Type = the NAL unit's own type. S and E are never both set.
 * </pre>
 *
 * <p>The marker bit is set on the last packet of an access unit (RFC 6184 §5.1); all packets of
 * one access unit share its RTP timestamp (90 kHz clock).
 */
package io.p2pcam.protocol.media;

/**
 * RTCP as p2pcam uses it for media feedback inside the encrypted session (docs/PROTOCOL.md §10.6):
 * sender and receiver reports (RFC 3550 §6.4), XR receiver reference time and DLRR (RFC 3611 §4.4,
 * §4.5), Generic NACK and PLI (RFC 4585 §6.2.1, §6.3.1). {@link io.p2pcam.protocol.rtcp.RtcpCodec}
 * encodes and decodes compounds; unknown packet types are skipped, malformed bytes rejected with
 * {@link io.p2pcam.protocol.rtcp.MalformedRtcpException}. JDK only, stateless.
 */
package io.p2pcam.protocol.rtcp;

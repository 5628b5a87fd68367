/**
 * Sound between camera and viewer, sans I/O (docs/PROTOCOL.md §10.7): Opus in RTP (RFC 7587) in
 * the same sealed session as the video, as a second stream with its own SSRC and payload type.
 *
 * <ul>
 *   <li>{@link io.p2pcam.protocol.audio.OpusRtp}: the stream's constants and clock (48 kHz, 20 ms
 *       frames) and how a packet is told from video.
 *   <li>{@link io.p2pcam.protocol.audio.AudioStreamSender}: numbers the packets and writes the
 *       sender reports (RFC 3550 §6.4.1) that map the stream's RTP clock to the sender's NTP clock.
 *   <li>{@link io.p2pcam.protocol.audio.AudioJitterBuffer}: the receiver's playout schedule, which
 *       says for every 20 ms slot whether to decode a packet, rebuild a lost one from the next packet's FEC, conceal it or play silence,
 *       telling DTX silence from loss by the sequence numbers.
 * </ul>
 *
 * Codecs and devices are not here: the apps encode and decode Opus (Concentus, media-codec) at their edges.
 */
package io.p2pcam.protocol.audio;

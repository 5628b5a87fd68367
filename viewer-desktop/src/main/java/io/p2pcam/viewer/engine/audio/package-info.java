/**
 * The viewer engine's sound, JavaFX-free: the camera's Opus stream played through an {@link
 * io.p2pcam.viewer.engine.audio.AudioSink}.
 *
 * <pre>
 * ViewerEvent.Audio ──▶ AudioPlayer ──────────────────────────────────────────────▶ AudioSink
 *   (network thread)     AudioJitterBuffer (shared-protocol): one slot per 20 ms     a device, or a
 *                        Packet → decoded, Recovered → the next packet's FEC,         capturing sink in tests
 *                        Lost → Opus PLC (≤ 60 ms), Silence (DTX) and Gap (not
 *                        known yet) → the decoder's concealment, uncounted (SlotDecoder)
 * </pre>
 *
 * <p>The player's own thread plays the slots on time; the network thread only offers packets.
 */
package io.p2pcam.viewer.engine.audio;

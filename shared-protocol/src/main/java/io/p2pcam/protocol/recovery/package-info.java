/**
 * Keeping video clean over lossy paths, sans I/O (docs/decisions/0007-loss-recovery.md).
 *
 * <pre>
 *  camera (per viewer)                                      viewer
 *  SendHistory ─ SenderLink ─ Pacer ──── RTP ────────────▶ MediaReceiver ─ JitterBuffer ─▶ depacketizer
 *                   ▲   │                                     │   ReceptionStats
 *                   │   └──── SR + DLRR ──────────────────────▶│   (RTT from DLRR)
 *                   └──────── RR + RRTR, NACK, PLI ◀──────────┘
 *  BitrateController (per viewer) ◀── SenderLink.Quality
 * </pre>
 *
 * Every class takes time as an argument and does no I/O; the endpoints drive them.
 */
package io.p2pcam.protocol.recovery;

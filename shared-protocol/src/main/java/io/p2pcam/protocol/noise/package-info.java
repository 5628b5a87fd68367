/**
 * The Noise Protocol Framework (revision 34, <a href="https://noiseprotocol.org/noise.html">noiseprotocol.org/noise.html</a>)
 * for the one suite p2pcam uses, {@code 25519_ChaChaPoly_SHA256}, on JDK primitives alone.
 *
 * <p>The classes follow the spec's objects:
 * <ul>
 *   <li>{@link io.p2pcam.protocol.noise.CipherState} — §5.1, plus explicit-nonce transport for datagrams;</li>
 *   <li>{@code SymmetricState} — §5.2 (package-private: only the handshake drives it);</li>
 *   <li>{@link io.p2pcam.protocol.noise.HandshakeState} — §5.3, driven by a
 *       {@link io.p2pcam.protocol.noise.HandshakePattern} whose tokens are data (§7);</li>
 *   <li>{@link io.p2pcam.protocol.noise.X25519}, {@code Hkdf} — the DH and HKDF functions of §4 and §12;</li>
 *   <li>{@link io.p2pcam.protocol.noise.ReplayWindow} — not Noise: the sliding anti-replay window of RFC 6479
 *       (as WireGuard uses it) that explicit nonces over UDP need.</li>
 * </ul>
 *
 * <p>Errors come in the three kinds the project uses: bytes from the network that do not authenticate or
 * do not parse raise the checked {@link io.p2pcam.protocol.noise.NoiseException} (drop and count them);
 * calling a method out of turn or with impossible arguments is our bug and raises
 * {@link java.lang.IllegalStateException} or {@link java.lang.IllegalArgumentException}.
 *
 * <p>Nothing here does I/O, keeps global state or reads a clock; randomness is a
 * {@link java.security.SecureRandom} passed in. No class is thread-safe: each belongs to one session,
 * driven by one thread at a time.
 */
package io.p2pcam.protocol.noise;

package io.p2pcam.protocol.noise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Noise handshake pattern (§7) as data: the pre-messages and the token lines, written in the spec's own
 * notation and parsed by {@link #parse}. The {@link HandshakeState} interprets the tokens; no pattern is
 * special-cased in code.
 *
 * <p>The constants are the one-way patterns of §7.4 and the fundamental interactive patterns of §7.5.
 * The {@code psk} modifier (§9) and deferred patterns are not provided.
 *
 * @param name                the pattern's name as it appears in the protocol name, e.g. {@code "IK"}
 * @param initiatorPreMessage keys the responder knows before the handshake ({@code e} and/or {@code s})
 * @param responderPreMessage keys the initiator knows before the handshake
 * @param messages            the handshake messages, alternating, the initiator's first
 */
public record HandshakePattern(
        String name, List<Token> initiatorPreMessage, List<Token> responderPreMessage, List<MessagePattern> messages) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]+");
    private static final String SUITE = "_25519_ChaChaPoly_SHA256";

    public static final HandshakePattern N = parse("N", "<- s", "...", "-> e, es");
    public static final HandshakePattern K = parse("K", "-> s", "<- s", "...", "-> e, es, ss");
    public static final HandshakePattern X = parse("X", "<- s", "...", "-> e, es, s, ss");
    public static final HandshakePattern NN = parse("NN", "-> e", "<- e, ee");
    public static final HandshakePattern NK = parse("NK", "<- s", "...", "-> e, es", "<- e, ee");
    public static final HandshakePattern NX = parse("NX", "-> e", "<- e, ee, s, es");
    public static final HandshakePattern KN = parse("KN", "-> s", "...", "-> e", "<- e, ee, se");
    public static final HandshakePattern KK = parse("KK", "-> s", "<- s", "...", "-> e, es, ss", "<- e, ee, se");
    public static final HandshakePattern KX = parse("KX", "-> s", "...", "-> e", "<- e, ee, se, s, es");
    public static final HandshakePattern XN = parse("XN", "-> e", "<- e, ee", "-> s, se");
    public static final HandshakePattern XK = parse("XK", "<- s", "...", "-> e, es", "<- e, ee", "-> s, se");
    public static final HandshakePattern XX = parse("XX", "-> e", "<- e, ee, s, es", "-> s, se");
    public static final HandshakePattern IN = parse("IN", "-> e, s", "<- e, ee, se");
    public static final HandshakePattern IK = parse("IK", "<- s", "...", "-> e, es, s, ss", "<- e, ee, se");
    public static final HandshakePattern IX = parse("IX", "-> e, s", "<- e, ee, se, s, es");

    private static final List<HandshakePattern> ALL = List.of(N, K, X, NN, NK, NX, KN, KK, KX, XN, XK, XX, IN, IK, IX);

    public HandshakePattern {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("pattern name must be letters and digits: '" + name + "'");
        }
        initiatorPreMessage = List.copyOf(initiatorPreMessage);
        responderPreMessage = List.copyOf(responderPreMessage);
        messages = List.copyOf(messages);
        requireValid(initiatorPreMessage, responderPreMessage, messages);
    }

    /** All patterns this package defines, one-way first. */
    public static List<HandshakePattern> all() {
        return ALL;
    }

    /** The defined pattern called {@code name} ({@code "IK"}), if any. */
    public static Optional<HandshakePattern> byName(String name) {
        return ALL.stream().filter(p -> p.name.equals(name)).findFirst();
    }

    /**
     * Parses the spec's notation, one line per element: pre-message lines, a {@code "..."} line if there
     * were any, then the message lines, as in {@code parse("NK", "<- s", "...", "-> e, es", "<- e, ee")}.
     *
     * @throws IllegalArgumentException if the notation is malformed or the pattern is not valid (§7.3)
     */
    public static HandshakePattern parse(String name, String... lines) {
        List<String> all = List.of(lines);
        int separator = all.indexOf("...");
        List<String> preLines = separator < 0 ? List.of() : all.subList(0, separator);
        List<String> messageLines = all.subList(separator + 1, all.size());
        List<Token> initiatorPre = new ArrayList<>();
        List<Token> responderPre = new ArrayList<>();
        for (String line : preLines) {
            MessagePattern pre = parseLine(line);
            List<Token> target = pre.sender() == Role.INITIATOR ? initiatorPre : responderPre;
            if (!target.isEmpty()) {
                throw new IllegalArgumentException("two pre-messages from the same side in " + name);
            }
            target.addAll(pre.tokens());
        }
        List<MessagePattern> messages =
                messageLines.stream().map(HandshakePattern::parseLine).toList();
        return new HandshakePattern(name, initiatorPre, responderPre, messages);
    }

    /** {@code "Noise_" + name + "_25519_ChaChaPoly_SHA256"}, the protocol name of §8. */
    public String protocolName() {
        return "Noise_" + name + SUITE;
    }

    /** Whether this is a one-way pattern (§7.4): after it, only the initiator may send. */
    public boolean isOneWay() {
        return messages.size() == 1;
    }

    /** The pre-message of {@code role}: the keys the other party knows before the handshake. */
    public List<Token> preMessage(Role role) {
        return role == Role.INITIATOR ? initiatorPreMessage : responderPreMessage;
    }

    /** Whether {@code role} needs a static key pair: it sends {@code s} or has it in its pre-message. */
    public boolean needsLocalStatic(Role role) {
        return preMessage(role).contains(Token.S)
                || messages.stream()
                        .anyMatch(m -> m.sender() == role && m.tokens().contains(Token.S));
    }

    /** Whether {@code role} must know the peer's static public key before the handshake. */
    public boolean needsRemoteStaticUpFront(Role role) {
        return preMessage(role.peer()).contains(Token.S);
    }

    private static MessagePattern parseLine(String line) {
        String text = line.strip();
        Role sender;
        if (text.startsWith("->")) {
            sender = Role.INITIATOR;
        } else if (text.startsWith("<-")) {
            sender = Role.RESPONDER;
        } else {
            throw new IllegalArgumentException("a pattern line starts with -> or <-: '" + line + "'");
        }
        String rest = text.substring(2).strip();
        List<Token> tokens = rest.isEmpty()
                ? List.of()
                : Arrays.stream(rest.split(","))
                        .map(String::strip)
                        .map(Token::fromNotation)
                        .toList();
        return new MessagePattern(sender, tokens);
    }

    /** The validity rules of §7.3 that matter for interpreting tokens safely. */
    private static void requireValid(
            List<Token> initiatorPre, List<Token> responderPre, List<MessagePattern> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a pattern has at least one message");
        }
        Set<Token> initiatorKeys = EnumSet.noneOf(Token.class);
        Set<Token> responderKeys = EnumSet.noneOf(Token.class);
        addPreMessage(initiatorPre, initiatorKeys);
        addPreMessage(responderPre, responderKeys);
        Set<Token> dhDone = EnumSet.noneOf(Token.class);
        for (int i = 0; i < messages.size(); i++) {
            MessagePattern message = messages.get(i);
            if (message.sender() != (i % 2 == 0 ? Role.INITIATOR : Role.RESPONDER)) {
                throw new IllegalArgumentException("messages must alternate, initiator first: " + message);
            }
            Set<Token> senderKeys = message.sender() == Role.INITIATOR ? initiatorKeys : responderKeys;
            for (Token token : message.tokens()) {
                boolean fresh = token.sendsKey() ? senderKeys.add(token) : dhDone.add(token);
                if (!fresh) {
                    throw new IllegalArgumentException("token '" + token.notation() + "' appears twice");
                }
                if (!token.sendsKey() && !keysAvailable(token, initiatorKeys, responderKeys)) {
                    throw new IllegalArgumentException("'" + token.notation() + "' before its keys were sent");
                }
            }
        }
    }

    private static void addPreMessage(List<Token> preMessage, Set<Token> keys) {
        for (Token token : preMessage) {
            if (!token.sendsKey() || !keys.add(token)) {
                throw new IllegalArgumentException("a pre-message holds e and/or s, once each: " + preMessage);
            }
        }
    }

    private static boolean keysAvailable(Token dh, Set<Token> initiatorKeys, Set<Token> responderKeys) {
        return switch (dh) {
            case EE -> initiatorKeys.contains(Token.E) && responderKeys.contains(Token.E);
            case ES -> initiatorKeys.contains(Token.E) && responderKeys.contains(Token.S);
            case SE -> initiatorKeys.contains(Token.S) && responderKeys.contains(Token.E);
            case SS -> initiatorKeys.contains(Token.S) && responderKeys.contains(Token.S);
            case E, S -> throw new IllegalArgumentException("not a DH token: " + dh);
        };
    }
}

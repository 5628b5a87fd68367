package io.p2pcam.protocol.noise;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One line of a handshake pattern (Noise §7.1): who sends the message and the tokens it carries, in order.
 *
 * @param sender who writes this message
 * @param tokens the tokens, in processing order (may be empty: a payload-only message)
 */
public record MessagePattern(Role sender, List<Token> tokens) {

    public MessagePattern {
        Objects.requireNonNull(sender, "sender");
        tokens = List.copyOf(tokens);
    }

    /** The spec's notation of this line, as in {@code "-> e, es, s, ss"}. */
    @Override
    public String toString() {
        String arrow = sender == Role.INITIATOR ? "->" : "<-";
        String list = tokens.stream().map(Token::notation).collect(Collectors.joining(", "));
        return list.isEmpty() ? arrow : arrow + " " + list;
    }
}

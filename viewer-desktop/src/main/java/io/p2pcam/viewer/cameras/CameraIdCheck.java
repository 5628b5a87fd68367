package io.p2pcam.viewer.cameras;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdFormatException;
import java.util.Optional;

/**
 * Checks a camera ID as the user types it and says what is wrong in words: too short (with how
 * many characters are missing), a character that cannot occur, or a typo the check character
 * caught. Dashes and spaces are ignored, so a pasted ID works with or without them.
 */
public final class CameraIdCheck {
    private static final int CHARACTERS = CameraId.TEXT_LENGTH;

    /** The outcome: the ID when valid, else a message; {@code incomplete} while still typing. */
    public record Result(Optional<CameraId> id, String message, boolean incomplete) {
        public boolean valid() {
            return id.isPresent();
        }
    }

    private CameraIdCheck() {}

    public static Result check(String typed) {
        String text = typed == null ? "" : typed.strip();
        int characters = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '-' && c != ' ') {
                characters++;
            }
        }
        if (characters == 0) {
            return new Result(
                    Optional.empty(), "Enter the camera ID (" + CHARACTERS + " characters, dashes optional)", true);
        }
        try {
            CameraId id = CameraId.parse(text);
            return new Result(Optional.of(id), "Valid camera ID " + id, false);
        } catch (CameraIdFormatException e) {
            return switch (e.reason()) {
                case EMPTY -> new Result(Optional.empty(), "Enter the camera ID", true);
                case BAD_CHARACTER ->
                    new Result(
                            Optional.empty(),
                            "Character '" + text.charAt(e.position() - 1) + "' at position " + e.position()
                                    + " cannot be part of a camera ID",
                            false);
                case WRONG_LENGTH ->
                    characters < CHARACTERS
                            ? new Result(
                                    Optional.empty(),
                                    (CHARACTERS - characters) + " more character"
                                            + (CHARACTERS - characters == 1 ? "" : "s") + " needed (" + characters
                                            + " of " + CHARACTERS + ")",
                                    true)
                            : new Result(
                                    Optional.empty(),
                                    (characters - CHARACTERS) + " character" + (characters - CHARACTERS == 1 ? "" : "s")
                                            + " too many (" + characters + " of " + CHARACTERS + ")",
                                    false);
                case CHECK_MISMATCH ->
                    new Result(Optional.empty(), "Check character does not match: a character was mistyped", false);
            };
        }
    }
}

package io.p2pcam.viewer.engine.record;

import io.p2pcam.runtime.UserFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a recording that failed leaves behind, and what the user is told of it (decision 0049): the
 * pictures written are kept, cut back to the last complete fragment, as {@code <stem>
 * (incomplete).mp4}; a file with no picture is deleted; a file whose folder was renamed or moved
 * is kept so in the folder's new place (decision 0065), and one whose folder went away is named
 * as gone with it; a file deleted from a folder that is still there is named as deleted (decision
 * 0073). The failure says which ({@link RecordingException#loss()}). The recorder calls it once the muxer is closed.
 *
 * <p>Not thread-safe; the recorder calls it under its lock, or after taking the muxer away.
 */
final class PartialRecording {

    private static final Logger log = LoggerFactory.getLogger(PartialRecording.class);

    private final Path file;
    private final Path partFile;
    private final RecordingFileWatch fileWatch;

    /** The recording to {@code file}, written to {@code partFile}, which {@code fileWatch} looks at. */
    PartialRecording(Path file, Path partFile, RecordingFileWatch fileWatch) {
        this.file = file;
        this.partFile = partFile;
        this.fileWatch = fileWatch;
    }

    /**
     * After a write failed and the muxer was closed: cuts the partial file back to its last
     * complete fragment and names it {@link #incompleteFileOf} (never the final name, which stays
     * "always complete", and never over another file), or deletes it when it holds no picture.
     *
     * @return {@code cause}, its message telling the user where the kept pictures are
     */
    RecordingException keep(RecordingException cause, long framesWritten) {
        if (!fileWatch.goneNow()) {
            return keep(partFile, cause.getMessage(), cause, framesWritten, cause.loss()); // full, or failing
        }
        String lost = framesWritten == 0 ? "" : ", and what was recorded in it";
        if (fileWatch.folderStillThere()) { // someone deleted the file itself: nothing of it to keep
            return new RecordingException(
                    "Cannot write the recording " + file + ": " + partFile.getFileName()
                            + " was deleted from its folder " + fileWatch.folder() + " (the folder is still there)"
                            + lost,
                    cause,
                    FileLoss.FILE_DELETED);
        }
        Optional<Path> movedTo = fileWatch.folderMovedTo();
        if (movedTo.isPresent()) { // the file went with its folder, and stays there
            String moved = "Cannot write the recording " + file + ": its folder was moved or renamed: "
                    + fileWatch.folder() + " is now " + movedTo.get();
            return keep(
                    movedTo.get().resolve(partFile.getFileName()), moved, cause, framesWritten, FileLoss.FOLDER_MOVED);
        }
        return new RecordingException(
                "Cannot write the recording " + file + ": its folder " + fileWatch.folder()
                        + " is gone (deleted, moved, or its disk removed)"
                        + (framesWritten == 0 ? "" : ", and what was recorded with it"),
                cause,
                FileLoss.FOLDER_GONE);
    }

    /**
     * Keeps what {@code part} holds as {@link #incompleteFileOf} beside it, or deletes it when it
     * holds no picture; answers {@code message}, and where the pictures are, caused by {@code cause}.
     */
    private RecordingException keep(
            Path part, String message, RecordingException cause, long framesWritten, FileLoss loss) {
        if (framesWritten == 0) {
            FileProblems.deleteQuietly(part);
            return message.equals(cause.getMessage()) ? cause : new RecordingException(message, cause, loss);
        }
        Path kept = part;
        boolean cut = false;
        try {
            long bytes = Mp4FragmentCut.cut(part);
            cut = true;
            Path incomplete = part.resolveSibling(incompleteFileOf(file).getFileName());
            // No REPLACE_EXISTING: a file that has the name is kept, and this one stays .part.
            Files.move(part, incomplete);
            kept = incomplete;
            log.debug("The first {} bytes of the recording to {} are kept in {}", bytes, file, incomplete);
        } catch (IOException e) {
            log.debug("The partial recording to {} stays in {}: {}", file, part, UserFiles.describe(e));
        }
        // A disk that failed is often remounted read-only: the half-written last fragment stays.
        String uncut =
                cut ? "" : " (its end could not be cut off: players may stop before it or report an error there)";
        return new RecordingException(message + ". What was recorded until then is in " + kept + uncut, cause, loss);
    }

    /** Where the part of a recording to {@code file} that a failure cut short is kept. */
    static Path incompleteFileOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        return file.resolveSibling(stem + " (incomplete)" + extension);
    }
}

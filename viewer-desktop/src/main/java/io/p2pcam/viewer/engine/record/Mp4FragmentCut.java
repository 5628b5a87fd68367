package io.p2pcam.viewer.engine.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Cuts a fragmented MP4 that was interrupted (disk full) back to its last complete fragment, so
 * that no player meets a half-written {@code moof} or {@code mdat}: it walks the top-level boxes
 * (ISO/IEC 14496-12 §4.2) and keeps the file up to the end of the last complete box that is not a
 * {@code moof} waiting for its {@code mdat}. Truncating needs no free space.
 */
final class Mp4FragmentCut {

    private Mp4FragmentCut() {}

    /**
     * Truncates {@code file} to {@link #completeLength} of its boxes.
     *
     * @return the length kept, in bytes
     */
    static long cut(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long kept = completeLength(channel);
            channel.truncate(kept);
            return kept;
        }
    }

    /** The length of the file's complete top-level boxes, without a trailing {@code moof}. */
    static long completeLength(FileChannel channel) throws IOException {
        long size = channel.size();
        long offset = 0;
        long complete = 0;
        ByteBuffer header = ByteBuffer.allocate(16);
        while (offset + 8 <= size) {
            header.clear();
            channel.read(header, offset);
            long boxSize = header.getInt(0) & 0xFFFF_FFFFL;
            String type = new String(header.array(), 4, 4, StandardCharsets.US_ASCII);
            if (boxSize == 1) {
                if (offset + 16 > size) {
                    break;
                }
                boxSize = header.getLong(8);
            } else if (boxSize == 0) {
                break; // "to the end of the file": its end cannot be told from a cut
            }
            if (boxSize < 8 || offset + boxSize > size) {
                break;
            }
            offset += boxSize;
            if (!type.equals("moof")) {
                complete = offset;
            }
        }
        return complete;
    }
}

package io.p2pcam.camera.audio;

import io.p2pcam.protocol.audio.OpusRtp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A speaker that writes what it plays to a WAV file ({@code run --speaker-file}, for machines
 * without a sound card, and for tests): RIFF/WAVE, one {@code fmt } chunk of PCM 48 kHz mono
 * 16-bit, one {@code data} chunk (the 44-byte canonical header). The sizes in the header are
 * brought up to date after every frame, so the file is a valid WAV at every moment, even if the
 * camera is killed. Only what was played is written: the time between two talk spurts is not in
 * the file.
 *
 * <p>One thread (the speaker's) plays; {@link #close()} may come from another.
 */
public final class WavFileSpeaker implements SpeakerOutput {
    static final int HEADER_BYTES = 44;
    /** A RIFF size is 32 bits: about 6 hours of 48 kHz mono 16-bit. */
    private static final long MAX_DATA_BYTES = 0xFFFF_FFFFL - HEADER_BYTES;

    private final Path path;
    private final FileChannel file;
    private ByteBuffer frame = ByteBuffer.allocate(OpusRtp.FRAME_SAMPLES * 2).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer size = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    private long dataBytes;
    private boolean full;

    private WavFileSpeaker(Path path, FileChannel file) {
        this.path = path;
        this.file = file;
    }

    /** Creates (or empties) {@code path} and writes the header of an empty WAV. */
    public static WavFileSpeaker create(Path path) throws IOException {
        FileChannel file = FileChannel.open(
                path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            file.write(header(0), 0);
        } catch (IOException e) {
            file.close();
            throw e;
        }
        return new WavFileSpeaker(path, file);
    }

    /** The canonical 44-byte header for {@code dataBytes} of 48 kHz mono 16-bit PCM. */
    static ByteBuffer header(long dataBytes) {
        int channels = OpusRtp.CHANNELS;
        int blockAlign = channels * 2;
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII));
        header.putInt((int) (36 + dataBytes));
        header.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        header.put("fmt ".getBytes(StandardCharsets.US_ASCII));
        header.putInt(16); // the size of a PCM format chunk
        header.putShort((short) 1); // WAVE_FORMAT_PCM
        header.putShort((short) channels);
        header.putInt(OpusRtp.CLOCK_RATE);
        header.putInt(OpusRtp.CLOCK_RATE * blockAlign); // bytes per second
        header.putShort((short) blockAlign);
        header.putShort((short) 16); // bits per sample
        header.put("data".getBytes(StandardCharsets.US_ASCII));
        header.putInt((int) dataBytes);
        return header.flip();
    }

    @Override
    public synchronized void play(short[] pcm) {
        if (full || !file.isOpen()) {
            return;
        }
        if (dataBytes + pcm.length * 2L > MAX_DATA_BYTES) {
            full = true; // a WAV cannot be larger: the speaker falls silent rather than corrupt the file
            return;
        }
        if (frame.capacity() < pcm.length * 2) {
            frame = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN); // a talker's longer frames
        }
        frame.clear();
        for (short sample : pcm) {
            frame.putShort(sample);
        }
        frame.flip();
        try {
            while (frame.hasRemaining()) {
                file.write(frame, HEADER_BYTES + dataBytes + frame.position());
            }
            dataBytes += pcm.length * 2L;
            writeSize(4, 36 + dataBytes);
            writeSize(40, dataBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the speaker file " + path, e);
        }
    }

    private void writeSize(long offset, long value) throws IOException {
        size.clear();
        size.putInt((int) value).flip();
        file.write(size, offset);
    }

    @Override
    public String describe() {
        return "speaker file " + path;
    }

    @Override
    public synchronized void close() {
        try {
            file.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the speaker file " + path, e);
        }
    }
}

package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.media.DepacketizerEvent;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.viewer.engine.audio.AudioSink;
import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a tile asked of its camera's pictures and sound (their size, the recorder's taps, the sound
 * device), kept across its connections: set on the current connection at once, and on every
 * connection a reconnect opens.
 *
 * <p>Threads: any; the current connection is passed in by the caller, null between attempts.
 */
final class ConnectionTaps {
    private volatile int fitWidth;
    private volatile int fitHeight;
    private volatile Consumer<DepacketizerEvent> accessUnitTap;
    private volatile Consumer<VideoFrame> pictureTap;
    private volatile Supplier<AudioSink> sound;
    private volatile Consumer<RtpPacket> audioTap;

    /** Gives a connection just opened everything asked so far. */
    void applyTo(CameraConnection opened) {
        opened.fitPicturesWithin(fitWidth, fitHeight);
        opened.tapAccessUnits(accessUnitTap);
        opened.tapAudio(audioTap);
        Supplier<AudioSink> playing = sound;
        if (playing != null) {
            opened.playAudio(playing.get());
        }
    }

    void fitPicturesWithin(int width, int height, CameraConnection current) {
        fitWidth = width;
        fitHeight = height;
        if (current != null) {
            current.fitPicturesWithin(width, height);
        }
    }

    void tapAccessUnits(Consumer<DepacketizerEvent> tap, CameraConnection current) {
        accessUnitTap = tap;
        if (current != null) {
            current.tapAccessUnits(tap);
        }
    }

    void playSound(Supplier<AudioSink> sound, CameraConnection current) {
        this.sound = sound;
        if (current != null) {
            current.playAudio(sound == null ? null : sound.get());
        }
    }

    void tapAudio(Consumer<RtpPacket> tap, CameraConnection current) {
        audioTap = tap;
        if (current != null) {
            current.tapAudio(tap);
        }
    }

    void tapPictures(Consumer<VideoFrame> tap) {
        pictureTap = tap;
    }

    /** Decode thread: a picture decoded by the current connection, to the picture tap if any. */
    void pictureDecoded(VideoFrame frame) {
        Consumer<VideoFrame> tap = pictureTap;
        if (tap != null) {
            tap.accept(frame);
        }
    }
}

package io.p2pcam.viewer.engine.record;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a {@link ResumingRecorder} told, in order, as "lost (folder gone): …", "resumed: …",
 * "failed: …".
 */
final class RecordingNews implements ResumingRecorder.Listener {
    final List<String> told = new CopyOnWriteArrayList<>(); // read by tests on another thread
    /** What each loss said the recording waits for, in order. */
    final List<ResumingRecorder.Pause> pauses = new CopyOnWriteArrayList<>();

    @Override
    public void lost(RecordingException why, ResumingRecorder.Pause pause) {
        told.add("lost (" + pause.mark() + "): " + why.getMessage());
        pauses.add(pause);
    }

    @Override
    public void resumed(Path file) {
        told.add("resumed: " + file);
    }

    @Override
    public void failed(RecordingException why) {
        told.add("failed: " + why.getMessage());
    }
}

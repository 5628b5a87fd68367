package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.viewer.engine.frame.VideoFrame;

/** What a {@link CameraConnection} reports. Calls come from the connection's threads and must return quickly. */
public interface ConnectionListener {
    /** A connection milestone or the end (network thread). */
    void event(ViewerEvent event);

    /** Every decoded picture, on the decode thread, valid only during the call. */
    default void pictureDecoded(VideoFrame frame) {}

    /**
     * The same picture when it is shown (published for display): at once, or, while the camera's
     * sound plays, held until its sound is heard (lip sync, docs/decisions/0017). Decode thread.
     */
    default void picturePresented(VideoFrame frame) {}
}

package io.p2pcam.camera.media;

/**
 * A video capture device the platform reports.
 *
 * @param device what to pass as {@code --source webcam:DEVICE}, e.g. {@code /dev/video0}
 * @param name the name the driver gives it, e.g. {@code Integrated Camera}
 */
public record CaptureDevice(String device, String name) {}

package io.p2pcam.viewer.engine.connection;

import java.util.ArrayList;
import java.util.List;

/**
 * The app's supervisors, for telling every one of them that the computer's network came back or
 * changed ({@link CameraSupervisor#networkChanged()}). Closed supervisors leave it at the next
 * {@link #add} or change, so tiles coming and going do not make it grow.
 *
 * <p>Thread-safe.
 */
public final class SupervisorRoster {
    private final List<CameraSupervisor> supervisors = new ArrayList<>();

    /** Adds {@code supervisor} and returns it. */
    public synchronized CameraSupervisor add(CameraSupervisor supervisor) {
        supervisors.removeIf(CameraSupervisor::isClosed);
        supervisors.add(supervisor);
        return supervisor;
    }

    /** Tells every supervisor still open that the network changed. Any thread; returns quickly. */
    public void networkChanged() {
        List<CameraSupervisor> open;
        synchronized (this) {
            supervisors.removeIf(CameraSupervisor::isClosed);
            open = List.copyOf(supervisors);
        }
        open.forEach(CameraSupervisor::networkChanged); // outside our lock: each takes its own
    }
}

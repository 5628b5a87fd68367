package io.p2pcam.runtime;

import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceListener;

/** Browses a type with JmDNS (so that it resolves and caches as a browser does) and hears nothing. */
final class IgnoringServiceListener implements ServiceListener {
    @Override
    public void serviceAdded(ServiceEvent event) {}

    @Override
    public void serviceRemoved(ServiceEvent event) {}

    @Override
    public void serviceResolved(ServiceEvent event) {}
}

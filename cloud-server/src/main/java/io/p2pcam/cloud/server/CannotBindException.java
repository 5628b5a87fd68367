package io.p2pcam.cloud.server;

import java.net.BindException;

/**
 * An address and port the server was told to use cannot be bound, for a reason an operator fixes
 * (the address is not this machine's, a port below 1024 without the privilege); the message says
 * which, in words, without the socket library's class names and error numbers.
 */
public class CannotBindException extends BindException {
    CannotBindException(String message) {
        super(message);
    }

    private CannotBindException(String protocol, String host, int port, String reason) {
        this(protocol + " port " + port + " on " + host + " cannot be bound: " + reason);
    }

    /**
     * The failure of binding {@code protocol} {@code host}:{@code port} as an operator's problem, or
     * null when it is none of those this class knows (the caller reports it as it is).
     */
    static BindException of(String protocol, String host, int port, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof PortInUseException inUse) {
                return inUse;
            }
            if (message.contains("already in use")) {
                return new PortInUseException(protocol, host, port);
            }
            if (message.contains("Cannot assign requested address")) { // EADDRNOTAVAIL
                return new CannotBindException(
                        protocol, host, port, "that address is not one of this machine's (see ip address)");
            }
            if (message.contains("Permission denied")) { // EACCES: a port below 1024 without the capability
                return new CannotBindException(
                        protocol, host, port, "permission denied (ports below 1024 need CAP_NET_BIND_SERVICE or root)");
            }
        }
        return null;
    }
}

package io.p2pcam.cloud.server;

/** A port the server was told to use is taken; the message says which, in words for an operator. */
public final class PortInUseException extends CannotBindException {
    PortInUseException(String protocol, String host, int port) {
        super(protocol + " port " + port + " on " + host + " is already in use");
    }
}

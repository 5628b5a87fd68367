package io.p2pcam.cloud.core;

import io.p2pcam.protocol.hash.SeededHash;

/**
 * A viewer's request as the cloud keys it while it waits for the camera: where it came from (the
 * transport included: one address and port over UDP and over TCP may be two hosts behind one NAT,
 * and may choose one transaction ID) and its transaction. The key of HashMaps (ConnectBroker's and ClusterView's pending requests), so its
 * hash code is a mix of both under a secret seed: a record's public hash let a viewer, choosing its
 * transactions (and, spoofing, its sources), give every request it held pending one hash code, and
 * a HashMap searches a bin of equal hash codes without an order key by key (~65 µs a CONNECT_REQUEST
 * with 10,000 such requests pending; ViewerRequestTest, THREAT_MODEL.md).
 */
final class ViewerRequest {
    private final ClientAddress viewer;
    private final long transaction;
    private final int hash;

    ViewerRequest(ClientAddress viewer, long transaction) {
        this.viewer = viewer;
        this.transaction = transaction;
        long address = SeededHash.of(viewer.address().getAddress().getAddress());
        int portAndLane = viewer.address().getPort() << 1 | viewer.lane().ordinal();
        this.hash = (int) SeededHash.mix(SeededHash.seeded(transaction) ^ address << 18 ^ portAndLane);
    }

    ClientAddress viewer() {
        return viewer;
    }

    long transaction() {
        return transaction;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ViewerRequest request
                && transaction == request.transaction
                && viewer.equals(request.viewer);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return viewer + " #" + Long.toHexString(transaction);
    }
}

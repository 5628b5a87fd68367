package io.p2pcam.cloud.core;

import java.util.Objects;

/**
 * What one party may hold of the cloud at once, and the cloud's own budgets, so that a party
 * inside its rates still cannot take the service from everyone else (issue 13).
 *
 * @param maxSignatureChecks REGISTER signatures being checked or waiting for a check at most,
 *     across all sources; beyond it a REGISTER is dropped ({@code verifier_busy}) before its
 *     cookie is spent, and the camera's retransmission tries again
 * @param maxCookiesPerLifetime cookies remembered as spent per challenge lifetime; beyond it a
 *     REGISTER is dropped as busy (never reached below about 30,000 signature checks a second)
 * @param registrations live registrations one party may hold; when the table is full, a new
 *     registration evicts one of the party holding most relative to its caps
 * @param pendingConnects connect requests one party may have awaiting a camera's answer
 * @param rateFactor56 the rate limits (rate and burst) of one IPv6 /56, as a multiple of one /64's
 * @param rateFactor48 the rate limits of one IPv6 /48, as a multiple of one /64's
 */
public record Quotas(
        int maxSignatureChecks,
        int maxCookiesPerLifetime,
        PartyCaps registrations,
        PartyCaps pendingConnects,
        double rateFactor56,
        double rateFactor48) {
    public Quotas {
        if (maxSignatureChecks < 1 || maxCookiesPerLifetime < 1) {
            throw new IllegalArgumentException("quotas must be positive");
        }
        Objects.requireNonNull(registrations, "registration caps");
        Objects.requireNonNull(pendingConnects, "pending connect caps");
        if (!(rateFactor56 >= 1) || !(rateFactor48 >= rateFactor56) || !Double.isFinite(rateFactor48)) {
            throw new IllegalArgumentException("rate factors must satisfy 1 <= /56 <= /48");
        }
    }

    public static Quotas defaults() {
        return new Quotas(512, 1_000_000, new PartyCaps(256, 1024, 4096), new PartyCaps(64, 128, 512), 2, 8);
    }

    public Quotas withMaxSignatureChecks(int max) {
        return new Quotas(max, maxCookiesPerLifetime, registrations, pendingConnects, rateFactor56, rateFactor48);
    }

    public Quotas withRegistrations(PartyCaps caps) {
        return new Quotas(maxSignatureChecks, maxCookiesPerLifetime, caps, pendingConnects, rateFactor56, rateFactor48);
    }

    public Quotas withPendingConnects(PartyCaps caps) {
        return new Quotas(maxSignatureChecks, maxCookiesPerLifetime, registrations, caps, rateFactor56, rateFactor48);
    }

    public Quotas withRateFactors(double per56, double per48) {
        return new Quotas(maxSignatureChecks, maxCookiesPerLifetime, registrations, pendingConnects, per56, per48);
    }
}

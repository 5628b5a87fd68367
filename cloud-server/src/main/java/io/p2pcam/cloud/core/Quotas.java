package io.p2pcam.cloud.core;

/**
 * What one party may hold of the cloud at once, and the cloud's own budgets, so that a party
 * inside its rates still cannot take the service from everyone else (issue 13).
 *
 * @param maxSignatureChecks REGISTER signatures being checked or waiting for a check at most,
 *     across all sources; beyond it a REGISTER is dropped ({@code verifier_busy}) before its
 *     cookie is spent, and the camera's retransmission tries again
 * @param maxCookiesPerLifetime cookies remembered as spent per challenge lifetime; beyond it a
 *     REGISTER is dropped as busy (never reached below about 30,000 signature checks a second)
 */
public record Quotas(int maxSignatureChecks, int maxCookiesPerLifetime) {
    public Quotas {
        if (maxSignatureChecks < 1 || maxCookiesPerLifetime < 1) {
            throw new IllegalArgumentException("quotas must be positive");
        }
    }

    public static Quotas defaults() {
        return new Quotas(512, 1_000_000);
    }

    public Quotas withMaxSignatureChecks(int max) {
        return new Quotas(max, maxCookiesPerLifetime);
    }
}

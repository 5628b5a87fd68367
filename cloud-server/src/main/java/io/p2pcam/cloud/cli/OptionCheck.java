package io.p2pcam.cloud.cli;

/** Rejects an option's value in one line naming the option (and where the value came from). */
@FunctionalInterface
interface OptionCheck {
    void require(boolean valid, String option, String problem);
}

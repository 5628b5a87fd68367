package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link UnansweredCommands}: what a connection to a Redis that hangs holds, and when it is full. */
class UnansweredCommandsTest {
    private final UnansweredCommands commands = new UnansweredCommands(40); // cap 30

    @Test
    void timedOutCommandsStayCountedUntilRedisAnswersAgain() {
        for (int i = 0; i < 10; i++) {
            assertThat(commands.trySend()).isTrue();
        }
        for (int i = 0; i < 9; i++) {
            commands.timedOut();
        }
        assertThat(commands.held()).as("nine timed out, one in flight").isEqualTo(10);

        commands.answered(); // answered in order: everything sent before it was answered too
        assertThat(commands.held()).isZero();
        assertThat(commands.overflowed()).isFalse();
    }

    @Test
    void aHungConnectionIsFullAtThreeQuartersOfLettucesQueueAndSaysSo() {
        int sent = 0;
        while (commands.trySend()) {
            commands.timedOut(); // Redis never answers
            sent++;
        }
        assertThat(sent).isEqualTo(30);
        assertThat(commands.overflowed()).isTrue();
        assertThat(commands.trySend()).as("still full").isFalse();
    }

    @Test
    void aBurstInFlightToARedisThatAnswersIsRefusedAtTheCapWithoutDroppingTheConnection() {
        for (int i = 0; i < 30; i++) {
            commands.trySend();
        }
        assertThat(commands.trySend()).as("the 31st at once").isFalse();
        assertThat(commands.overflowed()).as("nothing timed out: no hang").isFalse();

        commands.answered();
        assertThat(commands.trySend()).isTrue();
    }

    @Test
    void commandsThatNeverStayedOnTheConnectionAreNotHeld() {
        commands.trySend();
        commands.gone(); // refused by Lettuce, or cancelled when the connection closed
        assertThat(commands.held()).isZero();
    }
}

package io.p2pcam.runtime;

import java.util.Locale;

/**
 * What a test network does to datagrams, for loss-recovery tests and benchmarks on machines
 * without netem (docs/decisions/0007-loss-recovery.md): random loss, a loss burst, fixed delay
 * with jitter, reordering and duplication, applied to each direction of one socket by an {@link
 * ImpairedLink}. Testing only: no production path builds one.
 *
 * <p>Text form (the {@code --impair} option), comma-separated {@code key=value}, all optional:
 * {@code loss=0.05} (probability), {@code delay=25} (ms, one way), {@code jitter=5} (ms, uniform
 * ±), {@code reorder=0.01} (probability a datagram is held back {@code reorderDelay=20} ms more so
 * that later ones overtake it), {@code dup=0.01} (probability of a second copy), {@code
 * burst=4000:3000:0.2} (from 4 s after start, for 3 s, loss 20 % instead of {@code loss}),
 * {@code seed=1}.
 */
public record Impairment(
        double loss,
        long delayMillis,
        long jitterMillis,
        double reorder,
        long reorderDelayMillis,
        double duplicate,
        long burstStartMillis,
        long burstMillis,
        double burstLoss,
        long seed) {

    public static final Impairment NONE = new Impairment(0, 0, 0, 0, 0, 0, 0, 0, 0, 1);

    public Impairment {
        requireProbability("loss", loss);
        requireProbability("reorder", reorder);
        requireProbability("dup", duplicate);
        requireProbability("burst loss", burstLoss);
        if (delayMillis < 0 || jitterMillis < 0 || reorderDelayMillis < 0 || burstStartMillis < 0 || burstMillis < 0) {
            throw new IllegalArgumentException("times must not be negative");
        }
    }

    /** The loss probability at {@code elapsedMillis} after the link started. */
    public double lossAt(long elapsedMillis) {
        boolean inBurst =
                burstMillis > 0 && elapsedMillis >= burstStartMillis && elapsedMillis < burstStartMillis + burstMillis;
        return inBurst ? burstLoss : loss;
    }

    public static Impairment parse(String text) {
        double loss = 0;
        double reorder = 0;
        double duplicate = 0;
        double burstLoss = 0;
        long delay = 0;
        long jitter = 0;
        long reorderDelay = 20;
        long burstStart = 0;
        long burst = 0;
        long seed = System.nanoTime();
        for (String part : text.split(",")) {
            String item = part.strip();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected key=value, got '" + item + "'");
            }
            String key = item.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = item.substring(eq + 1).strip();
            try {
                switch (key) {
                    case "loss" -> loss = Double.parseDouble(value);
                    case "delay" -> delay = Long.parseLong(value);
                    case "jitter" -> jitter = Long.parseLong(value);
                    case "reorder" -> reorder = Double.parseDouble(value);
                    case "reorderdelay" -> reorderDelay = Long.parseLong(value);
                    case "dup" -> duplicate = Double.parseDouble(value);
                    case "seed" -> seed = Long.parseLong(value);
                    case "burst" -> {
                        String[] fields = value.split(":");
                        if (fields.length != 3) {
                            throw new IllegalArgumentException("burst=START_MS:DURATION_MS:LOSS, got '" + value + "'");
                        }
                        burstStart = Long.parseLong(fields[0]);
                        burst = Long.parseLong(fields[1]);
                        burstLoss = Double.parseDouble(fields[2]);
                    }
                    default -> throw new IllegalArgumentException("unknown impairment '" + key + "'");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number for " + key + ": '" + value + "'");
            }
        }
        return new Impairment(
                loss, delay, jitter, reorder, reorderDelay, duplicate, burstStart, burst, burstLoss, seed);
    }

    private static void requireProbability(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability in 0..1, not " + value);
        }
    }
}

package io.p2pcam.cloud.server;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Redis server's version, as its HELLO ({@code version}) or {@code INFO server} ({@code
 * redis_version}) says it: major.minor.patch, anything after them ignored. Valkey says its own
 * version in HELLO (8.0.1) and Redis's it is compatible with in INFO (7.2.4); both are above what
 * the registry needs ({@link SupportedRedis}).
 */
record RedisVersion(int major, int minor, int patch) implements Comparable<RedisVersion> {
    private static final Pattern LEADING = Pattern.compile("(\\d{1,6})\\.(\\d{1,6})(?:\\.(\\d{1,6}))?.*");

    /** {@code text}'s version; null when it does not start with major.minor. */
    static RedisVersion parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher numbers = LEADING.matcher(text.strip());
        if (!numbers.matches()) {
            return null;
        }
        return new RedisVersion(
                Integer.parseInt(numbers.group(1)),
                Integer.parseInt(numbers.group(2)),
                numbers.group(3) == null ? 0 : Integer.parseInt(numbers.group(3)));
    }

    boolean isOlderThan(RedisVersion other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(RedisVersion other) {
        int byMajor = Integer.compare(major, other.major);
        if (byMajor != 0) {
            return byMajor;
        }
        int byMinor = Integer.compare(minor, other.minor);
        return byMinor != 0 ? byMinor : Integer.compare(patch, other.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}

package io.p2pcam.protocol.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The architecture rules of shared/STYLE.md as ArchUnit rules, shared by every module's
 * {@code ArchitectureTest}. Each rule's {@code because} says why it exists.
 */
public final class ArchitectureRules {
    private ArchitectureRules() {}

    /** Methods that read a clock, sleep or start a thread, by the class that owns them. */
    private static final Map<String, Set<String>> IMPURE_METHODS = Map.of(
            "java.lang.System", Set.of("currentTimeMillis", "nanoTime", "getLogger"),
            "java.lang.Thread", Set.of("sleep", "start", "startVirtualThread", "ofVirtual", "ofPlatform", "onSpinWait"),
            "java.time.Instant", Set.of("now"),
            "java.time.LocalDateTime", Set.of("now"),
            "java.time.ZonedDateTime", Set.of("now"),
            "java.time.OffsetDateTime", Set.of("now"),
            "java.time.LocalDate", Set.of("now"),
            "java.time.Clock", Set.of("systemUTC", "systemDefaultZone", "system"),
            "java.util.concurrent.locks.LockSupport", Set.of("parkNanos", "park", "parkUntil"),
            "java.util.concurrent.Executors",
                    Set.of(
                            "newFixedThreadPool",
                            "newSingleThreadExecutor",
                            "newCachedThreadPool",
                            "newScheduledThreadPool",
                            "newSingleThreadScheduledExecutor",
                            "newVirtualThreadPerTaskExecutor",
                            "newThreadPerTaskExecutor"));

    private static final DescribedPredicate<JavaAccess<?>> CLOCK_SLEEP_OR_THREAD =
            DescribedPredicate.describe("it reads a clock, sleeps or starts a thread", access -> {
                Set<String> names = IMPURE_METHODS.get(access.getTargetOwner().getName());
                return names != null && names.contains(access.getName());
            });

    private static final DescribedPredicate<JavaClass> IO_OR_LOGGING = DescribedPredicate.describe(
            "are sockets, channels, threads, executors or loggers",
            type -> type.getPackageName().startsWith("java.nio.channels")
                    || type.getPackageName().startsWith("org.slf4j")
                    || type.getPackageName().startsWith("java.util.logging")
                    || type.getPackageName().startsWith("io.netty")
                    || type.isAssignableTo(Socket.class)
                    || type.isAssignableTo(ServerSocket.class)
                    || type.isAssignableTo(DatagramSocket.class)
                    || type.isAssignableTo(Executor.class)
                    || type.isEquivalentTo(Thread.class)
                    || type.isEquivalentTo(System.Logger.class));

    /**
     * Sans-I/O cores: no sockets, threads, clocks, sleeps or loggers in {@code packages}. Time and
     * randomness are passed in, what happened is reported as events, and every rule can be tested
     * without a network or waiting.
     */
    public static ArchRule sansIo(String... packages) {
        return noClasses()
                .that()
                .resideInAnyPackage(packages)
                .should()
                .dependOnClassesThat(IO_OR_LOGGING)
                .orShould()
                .accessTargetWhere(CLOCK_SLEEP_OR_THREAD)
                .because("protocol logic is a sans-I/O core: time passed in, events out (shared/STYLE.md)");
    }

    /** No cycles between the packages directly under {@code root} (e.g. "io.p2pcam.viewer"). */
    public static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(*)..")
                .should()
                .beFreeOfCycles()
                .because("a package cycle makes two packages one, without saying so");
    }

    /**
     * No non-cryptographic generator in an app's own code: the endpoints draw transaction IDs,
     * session IDs and probe tokens from the generator they are given, and one output of a
     * SplittableRandom or Random predicts the rest (issue 12). {@code SecureRandom} everywhere;
     * the one exception, a test network's seeded loss ({@code ImpairedLink}), is named.
     */
    public static ArchRule noPredictableRandomness(String app, String... exceptClasses) {
        return noClasses()
                .that()
                .resideInAPackage(app)
                .and()
                .haveNameNotMatching(exceptClasses.length == 0 ? "^$" : String.join("|", exceptClasses))
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.util.SplittableRandom")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.util.Random")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
                .because("values an attacker must not guess come from SecureRandom (issue 12)");
    }

    /**
     * An app's own code ({@code app}, e.g. "io.p2pcam.camera..") depends on no other app's package;
     * apps share code through shared-protocol and endpoint-runtime only.
     */
    public static ArchRule appDependsOnNoOtherApp(String app, String... otherApps) {
        return noClasses()
                .that()
                .resideInAPackage(app)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(otherApps)
                .because("apps do not depend on apps (the exception, viewer → cloud for the hosted cloud, is "
                        + "decision 0009)");
    }
}

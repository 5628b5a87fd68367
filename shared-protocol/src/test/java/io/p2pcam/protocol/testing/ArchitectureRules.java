package io.p2pcam.protocol.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
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
     * Comparisons of bytes that stop at the first difference, by the class that owns them. Their
     * time tells how long a prefix of a guess was right: against a MAC, a token or a tag, a
     * forger learns it byte by byte.
     */
    private static final Map<String, Set<String>> EARLY_EXIT_COMPARISONS = Map.of(
            "java.util.Arrays", Set.of("equals", "mismatch", "compare", "compareUnsigned"),
            "java.nio.ByteBuffer", Set.of("equals", "mismatch", "compareTo"),
            "java.lang.foreign.MemorySegment", Set.of("mismatch"),
            "io.netty.buffer.ByteBuf", Set.of("equals", "compareTo"),
            "io.netty.buffer.ByteBufUtil", Set.of("equals", "compare"));

    private static final DescribedPredicate<JavaMethodCall> EARLY_EXIT_COMPARISON =
            DescribedPredicate.describe("compares bytes with a method that stops at the first difference", call -> {
                String owner = call.getTargetOwner().getName();
                Set<String> names = EARLY_EXIT_COMPARISONS.get(owner);
                boolean onBytes = !owner.equals("java.util.Arrays")
                        || call.getTarget().getRawParameterTypes().stream()
                                .anyMatch(type -> type.isEquivalentTo(byte[].class));
                return names != null && names.contains(call.getName()) && onBytes;
            });

    private static final DescribedPredicate<JavaMethodCall> BYTES_COMPARED_EARLY_EXIT = DescribedPredicate.describe(
            "compares bytes with a method that stops at the first difference, outside a value type's equals",
            call -> EARLY_EXIT_COMPARISON.test(call)
                    && !call.getOrigin().getName().equals("equals"));

    /**
     * Every comparison of bytes in {@code packages} that may hold a secret-derived value (a cookie's
     * MAC, a registration token, a ticket's proof, a pass or relay tag) is constant-time:
     * {@code MessageDigest.isEqual}, {@code Bytes.equals} or an OR of XORs over the whole length.
     * An early-exit comparison ({@code Arrays.equals}, {@code ByteBuffer.equals}, {@code
     * MemorySegment.mismatch}, ...) is allowed only inside a value type's {@code equals} (IDs,
     * public keys, media payloads), never called on a secret, and in the methods named in {@code
     * exceptMethods} ("Class.method", each a comparison of public bytes such as an address). Calls
     * the bytecode does not show (a record's generated equals, {@code Objects.equals}, a map's
     * keys) reach the fields' own equality, which {@link #secretHoldersCompareInConstantTime}
     * keeps constant-time for the types that carry secrets.
     */
    public static ArchRule secretsComparedInConstantTime(String packages, String... exceptMethods) {
        Set<String> allowed = Set.of(exceptMethods);
        return noClasses()
                .that()
                .resideInAPackage(packages)
                .should()
                .callMethodWhere(DescribedPredicate.describe(
                        BYTES_COMPARED_EARLY_EXIT.getDescription(),
                        (JavaMethodCall call) -> BYTES_COMPARED_EARLY_EXIT.test(call)
                                && !allowed.contains(call.getOriginOwner().getSimpleName() + "."
                                        + call.getOrigin().getName())))
                .because("a comparison that stops at the first wrong byte tells a forger how much of a MAC or"
                        + " token it guessed (PROTOCOL.md §4.2: compared in constant time)");
    }

    /**
     * The value types that carry secrets ({@code types}: tokens, tags, keys, passwords) compare in
     * constant time everywhere, their own {@code equals} and {@code hashCode} included. A record
     * holding one (a {@code CloudPass}, a {@code PassTag}, a {@code HandshakeEnvelope}) compares it
     * through its generated equals and {@code Objects.equals}, which no rule on call sites sees:
     * the holder's equality is only as constant-time as the field's.
     */
    public static ArchRule secretHoldersCompareInConstantTime(Class<?>... types) {
        return noClasses()
                .that()
                .belongToAnyOf(types)
                .should()
                .callMethodWhere(EARLY_EXIT_COMPARISON)
                .because("a secret's own equality, reached through a record's equals or a map, must not tell a"
                        + " forger how much of it a guess got right (PROTOCOL.md §1.3)");
    }

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

package io.p2pcam.cloud.server;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * The C library's socket calls, bound once through the FFM API (java.lang.foreign), for {@link
 * NativeUdpSocket}. Linux only, on the 64-bit architectures whose socket structures and constants
 * are those of the generic kernel ABI (x86-64, aarch64): {@link #available()} says whether this
 * process can use it, {@link #unavailableBecause()} why not.
 *
 * <p>Every call that can fail captures {@code errno} with {@link Linker.Option#captureCallState}
 * (the JVM may itself make calls that change errno between two downcalls): the caller passes the
 * segment {@link #errnoState(Arena)} made and reads {@link #errno(MemorySegment)} after a result
 * of -1. Thread-safe (the handles are immutable); the state segment is the caller's own.
 */
@SuppressWarnings("restricted") // the point of the class; native access is checked in available()
final class LinuxSocketCalls {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_REUSEPORT = 15;
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_V6ONLY = 26;
    static final int MSG_TRUNC = 0x20;
    static final int MSG_DONTWAIT = 0x40;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EADDRINUSE = 98;
    static final int EADDRNOTAVAIL = 99;

    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Throwable UNAVAILABLE_BECAUSE = checkAvailable();

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout ADDRESS = ValueLayout.ADDRESS;

    static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(INT, INT, INT, INT));
    static final MethodHandle SETSOCKOPT = bind("setsockopt", FunctionDescriptor.of(INT, INT, INT, INT, ADDRESS, INT));
    static final MethodHandle GETSOCKOPT =
            bind("getsockopt", FunctionDescriptor.of(INT, INT, INT, INT, ADDRESS, ADDRESS));
    static final MethodHandle BIND = bind("bind", FunctionDescriptor.of(INT, INT, ADDRESS, INT));
    static final MethodHandle GETSOCKNAME = bind("getsockname", FunctionDescriptor.of(INT, INT, ADDRESS, ADDRESS));
    static final MethodHandle RECVMMSG = bind("recvmmsg", FunctionDescriptor.of(INT, INT, ADDRESS, INT, INT, ADDRESS));
    static final MethodHandle SENDMMSG = bind("sendmmsg", FunctionDescriptor.of(INT, INT, ADDRESS, INT, INT));
    static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(INT, INT));
    static final MethodHandle STRERROR = bindPlain("strerror", FunctionDescriptor.of(ADDRESS, INT));

    private LinuxSocketCalls() {}

    private static Throwable checkAvailable() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux")) {
            return new UnsupportedOperationException("not Linux (" + os + ")");
        }
        if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
            return new UnsupportedOperationException("not x86-64 or aarch64 (" + arch + ")");
        }
        if (!LinuxSocketCalls.class.getModule().isNativeAccessEnabled()) {
            return new UnsupportedOperationException("native access not enabled (--enable-native-access=ALL-UNNAMED)");
        }
        return null;
    }

    /** Whether the calls can be made in this process. */
    static boolean available() {
        return UNAVAILABLE_BECAUSE == null && SOCKET != null;
    }

    /** Why {@link #available()} is false, or null. */
    static Throwable unavailableBecause() {
        return UNAVAILABLE_BECAUSE;
    }

    /** A handle that captures errno into its first argument, or null where the library is unusable. */
    private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
        if (UNAVAILABLE_BECAUSE != null) {
            return null;
        }
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        return linker.downcallHandle(
                libc.find(name).orElseThrow(), descriptor, Linker.Option.captureCallState("errno"));
    }

    private static MethodHandle bindPlain(String name, FunctionDescriptor descriptor) {
        if (UNAVAILABLE_BECAUSE != null) {
            return null;
        }
        Linker linker = Linker.nativeLinker();
        return linker.downcallHandle(linker.defaultLookup().find(name).orElseThrow(), descriptor);
    }

    /** A segment for the calls to capture errno in. */
    static MemorySegment errnoState(Arena arena) {
        return arena.allocate(STATE);
    }

    /** The errno the last call that used {@code state} captured. */
    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** The C library's message for {@code errno}, with its number. */
    static String describe(int errno) {
        try {
            MemorySegment message = (MemorySegment) STRERROR.invokeExact(errno);
            return message.reinterpret(256).getString(0) + " (errno " + errno + ")";
        } catch (Throwable e) {
            return "errno " + errno;
        }
    }
}

package io.seedrpc.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used by a process so far, in nanoseconds: this JVM through
 * {@link com.sun.management.OperatingSystemMXBean#getProcessCpuTime()}, another process through the
 * {@code utime + stime} fields of {@code /proc/<pid>/stat} (Linux only; in clock ticks of 1/100 s, Linux's fixed
 * {@code USER_HZ}). A reading of {@code -1} means "not available here".
 */
public final class CpuClock {

    private static final long NANOS_PER_TICK = 10_000_000L;

    private CpuClock() {
    }

    /** CPU time of this JVM, all threads, user and system. */
    public static long self() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** CPU time of process {@code pid}, or -1 when {@code /proc} cannot tell. */
    public static long of(long pid) {
        try {
            return parseStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {@code utime + stime} of a {@code /proc/<pid>/stat} line, in nanoseconds. */
    static long parseStat(String stat) {
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * NANOS_PER_TICK;
    }

    /** CPU used between two readings as a percentage of one core (200 % = two cores busy); NaN if unknown. */
    public static double percent(long cpuStart, long cpuEnd, long wallNanos) {
        if (cpuStart < 0 || cpuEnd < 0 || wallNanos <= 0) {
            return Double.NaN;
        }
        return 100.0 * (cpuEnd - cpuStart) / wallNanos;
    }
}

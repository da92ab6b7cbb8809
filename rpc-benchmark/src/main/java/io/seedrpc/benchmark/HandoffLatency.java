package io.seedrpc.benchmark;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * What handing work from one thread to another costs on this machine, the floor under default dispatch's latency
 * at one call in flight: an I/O thread hands the call to a worker and the worker hands the answer back, two
 * hand-offs per call that {@code @DirectDispatch} and the raw ceiling do not make. Two threads pass a token back and
 * forth, each parking until the other wakes it ({@link LockSupport#unpark}, as a worker pool and Netty's event loop
 * wake their threads), and, for contrast, each spinning on the token without parking. Passing back and forth keeps
 * both processors busy; at one call in flight they are idle between calls, so the last figure wakes a thread that
 * has been parked for {@value #IDLE_MICROS} µs, its processor idle, and times the wake-up from {@code unpark} to
 * running. Prints the median of nine windows of wall time per one-way hand-off:
 *
 * <pre>
 * java -cp rpc-benchmark/target/rpc-benchmark.jar io.seedrpc.benchmark.HandoffLatency
 * </pre>
 */
public final class HandoffLatency {

    private static final int WINDOWS = 9;
    private static final long WINDOW_NANOS = 1_000_000_000L;
    private static final int IDLE_MICROS = 50;

    private volatile int token;
    private volatile boolean stopped;

    public static void main(String[] args) throws InterruptedException {
        System.out.printf(Locale.ROOT, "Java %s, %d processors%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "parked thread woken by unpark: %6.2f µs per hand-off (median of %d)%n",
                new HandoffLatency().medianMicros(true), WINDOWS);
        System.out.printf(Locale.ROOT, "spinning thread, no parking:  %6.2f µs per hand-off (median of %d)%n",
                new HandoffLatency().medianMicros(false), WINDOWS);
        System.out.printf(Locale.ROOT, "parked thread, idle %d µs first: %6.2f µs from unpark to running (median of %d)%n",
                IDLE_MICROS, new HandoffLatency().medianWakeFromIdleMicros(), WINDOWS);
    }

    private volatile long unparkedAt;
    private volatile boolean woken;

    private double medianWakeFromIdleMicros() throws InterruptedException {
        long[] total = new long[1];
        int[] count = new int[1];
        Thread waiter = new Thread(() -> {
            while (!stopped) {
                if (unparkedAt == 0) {
                    LockSupport.park(this);
                    continue;
                }
                long latency = System.nanoTime() - unparkedAt;
                synchronized (total) {
                    total[0] += latency;
                    count[0]++;
                }
                unparkedAt = 0;
                woken = true;
            }
        }, "handoff-waiter");
        waiter.setDaemon(true);
        waiter.start();
        double[] windows = new double[WINDOWS];
        try {
            for (int i = -1; i < WINDOWS; i++) {
                long end = System.nanoTime() + WINDOW_NANOS;
                synchronized (total) {
                    total[0] = 0;
                    count[0] = 0;
                }
                while (System.nanoTime() < end) {
                    LockSupport.parkNanos(IDLE_MICROS * 1000L);
                    woken = false;
                    unparkedAt = System.nanoTime();
                    LockSupport.unpark(waiter);
                    while (!woken && !stopped) {
                        Thread.onSpinWait();
                    }
                }
                if (i >= 0) { // window -1 is the warm-up
                    synchronized (total) {
                        windows[i] = total[0] / 1000.0 / Math.max(1, count[0]);
                    }
                }
            }
            Arrays.sort(windows);
            return windows[WINDOWS / 2];
        } finally {
            stopped = true;
            LockSupport.unpark(waiter);
            waiter.join(5000);
        }
    }

    private double medianMicros(boolean park) throws InterruptedException {
        Thread[] pair = new Thread[2];
        for (int side = 0; side < 2; side++) {
            int mine = side;
            pair[side] = new Thread(() -> pass(mine, pair, park), "handoff-" + side);
            pair[side].setDaemon(true);
        }
        pair[0].start();
        pair[1].start();
        try {
            Thread.sleep(1000); // warm-up: both threads compiled and passing
            double[] windows = new double[WINDOWS];
            for (int i = 0; i < WINDOWS; i++) {
                int before = token;
                long start = System.nanoTime();
                Thread.sleep(WINDOW_NANOS / 1_000_000);
                long elapsed = System.nanoTime() - start;
                int handoffs = token - before;
                windows[i] = elapsed / 1000.0 / Math.max(1, handoffs);
            }
            Arrays.sort(windows);
            return windows[WINDOWS / 2];
        } finally {
            stopped = true;
            LockSupport.unpark(pair[0]);
            LockSupport.unpark(pair[1]);
            pair[0].join(5000);
            pair[1].join(5000);
        }
    }

    /** Side {@code mine} moves when the token's parity is its own, then hands it to the other side. */
    private void pass(int mine, Thread[] pair, boolean park) {
        Thread other = pair[1 - mine];
        while (!stopped) {
            int seen = token;
            if ((seen & 1) != mine) {
                if (park) {
                    LockSupport.park(this);
                } else {
                    Thread.onSpinWait();
                }
                continue;
            }
            token = seen + 1;
            if (park) {
                LockSupport.unpark(other);
            }
        }
    }
}

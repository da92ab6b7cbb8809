package io.seedrpc.transport.netty;

import org.slf4j.Logger;

import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs refused connections without letting a flood of them flood the log: the first refusal in each ten-second
 * window is logged at WARN with the count of those left unlogged since. Thread-safe.
 */
final class RefusalLog {

    private static final long WINDOW_NANOS = 10_000_000_000L;

    private final Logger log;
    private final AtomicLong unlogged = new AtomicLong();
    private final AtomicLong windowStart = new AtomicLong(System.nanoTime() - WINDOW_NANOS);

    RefusalLog(Logger log) {
        this.log = log;
    }

    void refused(SocketAddress remote, String why) {
        long now = System.nanoTime();
        long start = windowStart.get();
        if (now - start >= WINDOW_NANOS && windowStart.compareAndSet(start, now)) {
            long skipped = unlogged.getAndSet(0);
            log.warn("Refused a connection from {}: {}{}", remote, why,
                    skipped == 0 ? "" : " (" + skipped + " more refused in the last 10 s, not logged)");
        } else {
            unlogged.incrementAndGet();
            log.debug("Refused a connection from {}: {}", remote, why);
        }
    }
}

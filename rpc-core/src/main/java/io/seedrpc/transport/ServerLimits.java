package io.seedrpc.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds a server keeps against clients that send more than it can take, read less than it sends, or open
 * more connections than it can hold. Every limit is per server; see {@code docs/security.md}.
 *
 * @param maxConnections           connections open at once, all clients together; one more is closed at once
 * @param maxConnectionsPerAddress connections open at once from one remote IP address
 * @param maxCallsPerConnection    calls in flight on one connection; one more is answered {@code SERVER_BUSY}
 *                                 and only that connection is affected
 * @param memoryBudget             bytes the server holds, all connections together, in frames still arriving,
 *                                 large requests being served and large answers not yet sent (64 KiB or more each); past it a new large frame
 *                                 is refused with {@code SERVER_BUSY} and its connection closed
 * @param writeBufferHighWaterMark unsent answer bytes on one connection at which the server stops reading it
 * @param writeBufferLowWaterMark  unsent answer bytes below which it reads that connection again
 * @param slowReaderTimeout        how long a connection may stay above the high-water mark (its client does not
 *                                 read its answers) before it is closed
 */
public record ServerLimits(int maxConnections, int maxConnectionsPerAddress, int maxCallsPerConnection,
                           long memoryBudget, int writeBufferHighWaterMark, int writeBufferLowWaterMark,
                           Duration slowReaderTimeout) {

    /** 1000 connections. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1000;
    /** 100 connections per remote address. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 100;
    /** 1000 calls in flight per connection. */
    public static final int DEFAULT_MAX_CALLS_PER_CONNECTION = 1000;
    /** 256 MiB. */
    public static final long DEFAULT_MEMORY_BUDGET = 256L * 1024 * 1024;
    /** 1 MiB. */
    public static final int DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK = 1024 * 1024;
    /** 512 KiB. */
    public static final int DEFAULT_WRITE_BUFFER_LOW_WATER_MARK = 512 * 1024;
    /** 30 seconds. */
    public static final Duration DEFAULT_SLOW_READER_TIMEOUT = Duration.ofSeconds(30);

    public ServerLimits {
        Objects.requireNonNull(slowReaderTimeout, "slowReaderTimeout");
        requireAtLeastOne(maxConnections, "maxConnections");
        requireAtLeastOne(maxConnectionsPerAddress, "maxConnectionsPerAddress");
        requireAtLeastOne(maxCallsPerConnection, "maxCallsPerConnection");
        if (memoryBudget < 1024 * 1024) {
            throw new IllegalArgumentException("memory budget " + memoryBudget + " is below the minimum of 1 MiB");
        }
        if (writeBufferLowWaterMark < 1 || writeBufferLowWaterMark > writeBufferHighWaterMark) {
            throw new IllegalArgumentException("write buffer low-water mark " + writeBufferLowWaterMark
                    + " must be at least 1 and not above the high-water mark " + writeBufferHighWaterMark);
        }
        if (slowReaderTimeout.isNegative() || slowReaderTimeout.isZero()) {
            throw new IllegalArgumentException("slowReaderTimeout must be positive, was " + slowReaderTimeout);
        }
    }

    /** The defaults: sized so that a two-core machine with a 1 GiB heap survives a hostile client. */
    public static ServerLimits defaults() {
        return new ServerLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
                DEFAULT_MAX_CALLS_PER_CONNECTION, DEFAULT_MEMORY_BUDGET, DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK,
                DEFAULT_WRITE_BUFFER_LOW_WATER_MARK, DEFAULT_SLOW_READER_TIMEOUT);
    }

    private static void requireAtLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}

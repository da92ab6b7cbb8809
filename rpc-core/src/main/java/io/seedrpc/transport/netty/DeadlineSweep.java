package io.seedrpc.transport.netty;

/** How often each connection looks for calls past their deadline, on both sides. */
final class DeadlineSweep {

    /** A timeout fires at most this late; small next to any sensible call timeout. */
    static final long PERIOD_MILLIS = 5;

    private DeadlineSweep() {
    }
}

package io.seedrpc.codec;

/** Whether {@link Detonator} was ever initialized. Kept apart, so that reading it does not initialize Detonator. */
final class DetonatorState {

    static volatile boolean initialized;

    private DetonatorState() {
    }
}

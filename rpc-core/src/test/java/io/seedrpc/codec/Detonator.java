package io.seedrpc.codec;

/**
 * Stands for a deserialization gadget: merely initializing the class has an effect. Tests name it in payloads and
 * check {@link DetonatorState} afterwards; they must not touch this class directly.
 */
final class Detonator {

    static {
        DetonatorState.initialized = true;
    }

    String fuse = "lit";
}

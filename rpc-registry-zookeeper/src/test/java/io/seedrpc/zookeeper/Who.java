package io.seedrpc.zookeeper;

import io.seedrpc.annotation.Idempotent;

/** Tells which provider served a call. */
public interface Who {

    @Idempotent
    String who();
}

package io.seedrpc.it;

import io.seedrpc.annotation.Idempotent;

/** Tells which instance served a call: the cluster tests count and steer traffic with it. */
public interface WhereService {

    /** The serving instance's name, after sleeping {@code millis} (plus the instance's own delay). */
    @Idempotent
    String where(long millis);

    /** The same, but not idempotent: failover must not repeat it once it may have run. */
    String whereOnce(long millis);

    /** Throws an IllegalStateException naming the instance, after {@code millis}. */
    String fail(long millis);
}

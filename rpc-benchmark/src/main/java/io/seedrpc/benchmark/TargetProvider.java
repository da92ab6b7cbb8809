package io.seedrpc.benchmark;

import java.util.List;

/**
 * Contributes rows to the comparison. Providers are found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.seedrpc.benchmark.TargetProvider}, so a row is added by a class of its own (and a
 * line in that file), without touching the runner; rows appear in the order of that file.
 */
public interface TargetProvider {

    /** The rows this provider offers, in the order the report shows them. */
    List<Target> targets();
}

package io.seedrpc.loadbalance;

import io.seedrpc.discovery.Endpoint;

import java.util.List;

/**
 * A strategy for choosing among the live endpoints of a service. It makes a {@link Picker} for each snapshot of
 * endpoints; the picker is replaced whenever discovery or connection health changes the snapshot, so pickers
 * never see a list change under them.
 *
 * <p>Implementations are stateless and thread-safe; plug further ones in through
 * {@code META-INF/services/io.seedrpc.loadbalance.LoadBalancer} or the client builder.
 */
public interface LoadBalancer {

    /** The name users configure, e.g. {@code p2c} or {@code round-robin}. */
    String name();

    /**
     * A picker over {@code endpoints}, which is non-empty, immutable and holds no endpoint twice.
     */
    Picker newPicker(List<Endpoint> endpoints);
}

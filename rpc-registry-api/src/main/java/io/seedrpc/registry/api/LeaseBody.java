package io.seedrpc.registry.api;

/**
 * The JSON body of the answer to a registration ({@code POST /api/v1/instances}) or a heartbeat
 * ({@code PUT /api/v1/instances/{id}/heartbeat}).
 *
 * @param id    the id the instance is registered under, to heartbeat and deregister with
 * @param ttlMs how long the registry keeps the instance without a heartbeat, in milliseconds
 */
public record LeaseBody(String id, long ttlMs) {
}

package io.seedrpc.registry;

import java.time.Duration;

/**
 * The registry's answer to a registration.
 *
 * @param id      the id the instance is registered under: the one it asked for, or one the registry derived
 * @param ttl     how long the registry keeps the instance without a heartbeat
 * @param created {@code true} when the registry had no entry of that id before ({@code 201}), {@code false}
 *                when it refreshed one ({@code 200})
 */
public record Lease(String id, Duration ttl, boolean created) {
}

package io.seedrpc.sample.api;

import java.time.Instant;

/**
 * @param id       the reservation's id
 * @param sku      the item
 * @param units    units set aside
 * @param at       when
 * @param servedBy the provider instance that answered
 */
public record Reservation(String id, String sku, int units, Instant at, String servedBy) {
}

package io.seedrpc.sample.api;

/**
 * @param sku      the item
 * @param units    units in stock
 * @param servedBy the provider instance that answered
 */
public record StockLevel(String sku, int units, String servedBy) {
}

package io.seedrpc.sample.api;

import io.seedrpc.annotation.Idempotent;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A small inventory: what a provider serves and a consumer calls. Every answer says which instance gave it. */
public interface InventoryService {

    /** The stock of one item. Safe to retry on another instance. */
    @Idempotent
    StockLevel stockOf(String sku);

    /** Every item at or below {@code threshold} units. */
    @Idempotent
    List<StockLevel> lowStock(int threshold);

    /**
     * Sets {@code quantity} units of {@code sku} aside. Not idempotent: a failover client never repeats it once it
     * may have run.
     *
     * @throws OutOfStockException when fewer units are left
     */
    Reservation reserve(String sku, int quantity) throws OutOfStockException;

    /** The same, answered asynchronously on the provider. */
    CompletableFuture<Reservation> reserveAsync(String sku, int quantity);
}

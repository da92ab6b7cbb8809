package io.seedrpc.sample.provider;

import io.seedrpc.sample.api.InventoryService;
import io.seedrpc.sample.api.OutOfStockException;
import io.seedrpc.sample.api.Reservation;
import io.seedrpc.sample.api.StockLevel;
import io.seedrpc.spring.annotation.RpcService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The provider side: an in-memory stock, exposed with one annotation. */
@RpcService
@Profile("provider")
public class InventoryServiceImpl implements InventoryService {

    private final Map<String, Integer> stock = new ConcurrentHashMap<>(Map.of(
            "apple", 120, "banana", 8, "cherry", 45, "damson", 3, "elderberry", 60));
    private final String instance;

    public InventoryServiceImpl(@Value("${sample.instance-name:provider-${rpc.server.port:9100}}") String instance) {
        this.instance = instance;
    }

    @Override
    public StockLevel stockOf(String sku) {
        return new StockLevel(sku, stock.getOrDefault(sku, 0), instance);
    }

    @Override
    public List<StockLevel> lowStock(int threshold) {
        return stock.entrySet().stream()
                .filter(e -> e.getValue() <= threshold)
                .map(e -> new StockLevel(e.getKey(), e.getValue(), instance))
                .sorted(Comparator.comparing(StockLevel::sku))
                .toList();
    }

    @Override
    public Reservation reserve(String sku, int quantity) throws OutOfStockException {
        int[] left = {0};
        boolean reserved = stock.computeIfPresent(sku, (k, units) -> {
            left[0] = units;
            return units >= quantity ? units - quantity : units;
        }) != null && left[0] >= quantity;
        if (!reserved) {
            throw new OutOfStockException("only " + left[0] + " units of " + sku + " left, " + quantity + " asked");
        }
        return new Reservation(UUID.randomUUID().toString(), sku, quantity, Instant.now(), instance);
    }

    @Override
    public CompletableFuture<Reservation> reserveAsync(String sku, int quantity) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return reserve(sku, quantity);
            } catch (OutOfStockException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }
}

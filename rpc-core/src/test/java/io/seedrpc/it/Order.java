package io.seedrpc.it;

import java.time.Instant;
import java.util.List;

public record Order(long id, String customer, List<Item> items, Money total, OrderStatus status, Instant placedAt) {
}

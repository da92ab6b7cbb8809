package io.seedrpc.it;

public record Item(String sku, int quantity, Money price) {
}

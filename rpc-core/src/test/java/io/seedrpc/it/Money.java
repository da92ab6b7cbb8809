package io.seedrpc.it;

import java.math.BigDecimal;

public record Money(String currency, BigDecimal amount) {
}

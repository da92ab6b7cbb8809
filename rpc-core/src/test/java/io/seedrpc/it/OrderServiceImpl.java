package io.seedrpc.it;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

public class OrderServiceImpl implements OrderService {

    /** What each {@link #sleep} ended with: "interrupted" or "finished". */
    public final LinkedBlockingQueue<String> sleepOutcomes = new LinkedBlockingQueue<>();

    private final Executor asyncExecutor = CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS);

    public static Order sampleOrder(long id) {
        Money price = new Money("EUR", new BigDecimal("12.50"));
        return new Order(id, "customer-" + id, List.of(new Item("sku-" + id, 2, price), new Item("extra", 1, price)),
                new Money("EUR", new BigDecimal("37.50")), OrderStatus.NEW, Instant.parse("2026-11-21T10:15:30.123Z"));
    }

    @Override
    public int add(int a, int b) {
        return a + b;
    }

    @Override
    public long add(long a, long b) {
        return a + b + 1_000_000_000_000L;
    }

    @Override
    public String add(String a, String b) {
        return a + "+" + b;
    }

    @Override
    public String echo(String value) {
        return value;
    }

    @Override
    public boolean negate(boolean value) {
        return !value;
    }

    @Override
    public double half(double value) {
        return value / 2;
    }

    @Override
    public char next(char value) {
        return (char) (value + 1);
    }

    @Override
    public Integer boxed(Integer value) {
        return value == null ? null : value * 10;
    }

    @Override
    public Order echoOrder(Order order) {
        return order;
    }

    @Override
    public List<Order> listOrders(int count) {
        return IntStream.range(0, count).mapToObj(OrderServiceImpl::sampleOrder).toList();
    }

    @Override
    public Map<String, Money> totals(List<Order> orders) {
        Map<String, Money> totals = new LinkedHashMap<>();
        for (Order order : orders) {
            totals.merge(order.customer(), order.total(),
                    (a, b) -> new Money(a.currency(), a.amount().add(b.amount())));
        }
        return totals;
    }

    @Override
    public Optional<Order> find(long id) {
        return id > 0 ? Optional.of(sampleOrder(id)) : Optional.empty();
    }

    @Override
    public int[] reverse(int[] values) {
        int[] reversed = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            reversed[i] = values[values.length - 1 - i];
        }
        return reversed;
    }

    @Override
    public String[] upper(String[] values) {
        return Arrays.stream(values).map(v -> v == null ? null : v.toUpperCase(Locale.ROOT)).toArray(String[]::new);
    }

    @Override
    public byte[] echoBytes(byte[] data) {
        return data;
    }

    @Override
    public LocalDate nextDay(LocalDate day) {
        return day.plusDays(1);
    }

    @Override
    public Duration between(Instant from, Instant to) {
        return Duration.between(from, to);
    }

    @Override
    public ZonedDateTime echoZoned(ZonedDateTime time) {
        return time;
    }

    @Override
    public Customer echoCustomer(Customer customer) {
        return customer;
    }

    @Override
    public OrderStatus advance(OrderStatus status) {
        return OrderStatus.values()[(status.ordinal() + 1) % OrderStatus.values().length];
    }

    @Override
    public void reject(String reason) throws OrderRejectedException {
        throw new OrderRejectedException(reason);
    }

    @Override
    public void crash(String message) {
        throw new IllegalStateException(message);
    }

    @Override
    public CompletableFuture<Order> placeAsync(Order order) {
        return CompletableFuture.supplyAsync(
                () -> new Order(order.id(), order.customer(), order.items(), order.total(), OrderStatus.PAID,
                        order.placedAt()), asyncExecutor);
    }

    @Override
    public CompletableFuture<String> failAsync(String message) {
        return CompletableFuture.supplyAsync(() -> {
            throw new IllegalArgumentException(message);
        }, asyncExecutor);
    }

    @Override
    public String sleep(long millis) {
        try {
            Thread.sleep(millis);
            sleepOutcomes.add("finished");
            return "slept " + millis;
        } catch (InterruptedException e) {
            sleepOutcomes.add("interrupted");
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public int addDirect(int a, int b) {
        return a + b;
    }
}

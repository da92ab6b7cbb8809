package io.seedrpc.it;

import io.seedrpc.annotation.DirectDispatch;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The service the integration tests call: one method per shape of argument and result worth checking. */
public interface OrderService {

    int add(int a, int b);

    long add(long a, long b);

    String add(String a, String b);

    String echo(String value);

    boolean negate(boolean value);

    double half(double value);

    char next(char value);

    Integer boxed(Integer value);

    Order echoOrder(Order order);

    List<Order> listOrders(int count);

    Map<String, Money> totals(List<Order> orders);

    Optional<Order> find(long id);

    int[] reverse(int[] values);

    String[] upper(String[] values);

    byte[] echoBytes(byte[] data);

    LocalDate nextDay(LocalDate day);

    Duration between(Instant from, Instant to);

    ZonedDateTime echoZoned(ZonedDateTime time);

    Customer echoCustomer(Customer customer);

    OrderStatus advance(OrderStatus status);

    void reject(String reason) throws OrderRejectedException;

    void crash(String message);

    CompletableFuture<Order> placeAsync(Order order);

    CompletableFuture<String> failAsync(String message);

    /** Sleeps, recording on the server whether the sleep was interrupted. */
    String sleep(long millis);

    @DirectDispatch
    int addDirect(int a, int b);
}

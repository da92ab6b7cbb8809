package io.seedrpc.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A service interface exercising every kind of type a call can carry. The codec tests take their declared types
 * from its methods, as the server and client do; one method per type keeps each case's declared type obvious.
 */
public interface Catalog {

    Order place(Customer customer, List<Line> lines, int priority, Optional<String> coupon);

    Status ping();

    String severalTexts(String first, String second);

    String text(String value);

    int primitiveInt(int value);

    long primitiveLong(long value);

    double primitiveDouble(double value);

    float primitiveFloat(float value);

    boolean primitiveBoolean(boolean value);

    char primitiveChar(char value);

    byte primitiveByte(byte value);

    short primitiveShort(short value);

    Integer boxedInt(Integer value);

    Long boxedLong(Long value);

    Status status(Status value);

    Order order(Order value);

    Money money(Money value);

    Customer customer(Customer value);

    Address address(Address value);

    List<Order> orders(List<Order> value);

    Map<String, Money> prices(Map<String, Money> value);

    Set<Status> statuses(Set<Status> value);

    Optional<Money> maybeMoney(Optional<Money> value);

    Order[] orderArray(Order[] value);

    Object[] objectArray(Object[] value);

    String[] stringArray(String[] value);

    int[] intArray(int[] value);

    long[] longArray(long[] value);

    double[] doubleArray(double[] value);

    int[][] intMatrix(int[][] value);

    byte[] bytes(byte[] value);

    Instant instant(Instant value);

    LocalDate localDate(LocalDate value);

    LocalDateTime localDateTime(LocalDateTime value);

    LocalTime localTime(LocalTime value);

    OffsetDateTime offsetDateTime(OffsetDateTime value);

    ZonedDateTime zonedDateTime(ZonedDateTime value);

    Duration duration(Duration value);

    Period period(Period value);

    ZoneId zoneId(ZoneId value);

    BigDecimal bigDecimal(BigDecimal value);

    BigInteger bigInteger(BigInteger value);

    UUID uuid(UUID value);

    Map<String, List<Order>> ordersByCustomer(Map<String, List<Order>> value);

    List<Map<Status, Set<String>>> nestedGenerics(List<Map<Status, Set<String>>> value);

    Collection<String> collection(Collection<String> value);

    Shape shape(Shape value);

    TimeUnit timeUnit(TimeUnit value);

    Object anything(Object value);

    CompletableFuture<List<Invoice>> invoices(Long customerId);

    void forget(String key) throws CatalogException;

    enum Status { NEW, PAID, SHIPPED }

    record Money(BigDecimal amount, String currency) {
    }

    record Line(String sku, int quantity, Money price) {
    }

    record Order(UUID id, Status status, List<Line> lines, Instant placedAt, Optional<String> note) {
    }

    /** Reachable only through a CompletableFuture's type argument. */
    record Invoice(Order order, Map<String, Tax> taxes) {
    }

    /** Reachable only through a record component's type argument. */
    record Tax(String name, BigDecimal rate) {
    }

    sealed interface Shape permits Circle, Square {
    }

    record Circle(double radius) implements Shape {
    }

    record Square(double side) implements Shape {
    }

    /** A JavaBean: no-arg constructor, setters. */
    final class Customer {
        private String name;
        private List<Order> orders;
        private Map<String, Money> balances;
        private transient Secret cached;

        public Customer() {
        }

        public Customer(String name, List<Order> orders, Map<String, Money> balances) {
            this.name = name;
            this.orders = orders;
            this.balances = balances;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public List<Order> getOrders() {
            return orders;
        }

        public void setOrders(List<Order> orders) {
            this.orders = orders;
        }

        public Map<String, Money> getBalances() {
            return balances;
        }

        public void setBalances(Map<String, Money> balances) {
            this.balances = balances;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Customer other && Objects.equals(name, other.name)
                    && Objects.equals(orders, other.orders) && Objects.equals(balances, other.balances);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, orders, balances);
        }

        @Override
        public String toString() {
            return "Customer[" + name + ", " + orders + ", " + balances + "]";
        }
    }

    /** Immutable, no no-arg constructor, a field of its superclass. */
    final class Address extends Located {
        private final String street;
        private final String city;

        public Address(String street, String city, String country) {
            super(country);
            this.street = street;
            this.city = city;
        }

        public String getStreet() {
            return street;
        }

        public String getCity() {
            return city;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Address other && Objects.equals(street, other.street)
                    && Objects.equals(city, other.city) && Objects.equals(getCountry(), other.getCountry());
        }

        @Override
        public int hashCode() {
            return Objects.hash(street, city, getCountry());
        }

        @Override
        public String toString() {
            return "Address[" + street + ", " + city + ", " + getCountry() + "]";
        }
    }

    abstract class Located {
        private final String country;
        private GeoPoint point;

        Located(String country) {
            this.country = country;
        }

        public String getCountry() {
            return country;
        }
    }

    /** Reachable only through a superclass field. */
    record GeoPoint(double lat, double lon) {
    }

    /** Never reachable: behind a transient field. */
    record Secret(String value) {
    }

    /** Reachable as a declared exception. */
    final class CatalogException extends Exception {
        private final Reason reason;

        public CatalogException(Reason reason) {
            super(reason.name());
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    enum Reason { MISSING, LOCKED }
}

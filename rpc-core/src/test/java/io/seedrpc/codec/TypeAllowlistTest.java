package io.seedrpc.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedrpc.codec.Catalog.Address;
import io.seedrpc.codec.Catalog.CatalogException;
import io.seedrpc.codec.Catalog.Circle;
import io.seedrpc.codec.Catalog.Customer;
import io.seedrpc.codec.Catalog.GeoPoint;
import io.seedrpc.codec.Catalog.Invoice;
import io.seedrpc.codec.Catalog.Line;
import io.seedrpc.codec.Catalog.Located;
import io.seedrpc.codec.Catalog.Money;
import io.seedrpc.codec.Catalog.Order;
import io.seedrpc.codec.Catalog.Reason;
import io.seedrpc.codec.Catalog.Secret;
import io.seedrpc.codec.Catalog.Shape;
import io.seedrpc.codec.Catalog.Square;
import io.seedrpc.codec.Catalog.Status;
import io.seedrpc.codec.Catalog.Tax;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TypeAllowlistTest {

    private final TypeAllowlist allowlist = new TypeAllowlist();

    @ParameterizedTest
    @ValueSource(strings = {"java.lang.String", "java.lang.Integer", "int", "java.math.BigDecimal",
            "java.time.Instant", "java.time.ZonedDateTime", "java.time.ZoneRegion", "java.util.UUID",
            "java.util.Optional", "java.util.ArrayList", "java.util.HashMap", "java.util.TreeSet",
            "java.util.ImmutableCollections$ListN", "java.util.ImmutableCollections$Map1",
            "java.util.Collections$UnmodifiableRandomAccessList", "java.util.Arrays$ArrayList",
            "[B", "[I", "[[J", "[Ljava.lang.String;", "[[Ljava.time.Instant;", "[Ljava.lang.Object;"})
    void startsWithJdkValueTypes(String className) {
        assertThat(allowlist.isAllowed(className)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"java.lang.ProcessBuilder", "java.lang.Runtime", "java.lang.Class",
            "java.lang.Thread", "java.net.URL", "java.net.InetAddress", "java.io.File", "java.util.PriorityQueue",
            "java.util.concurrent.TimeUnit", "java.lang.Thread$State", "java.util.Comparator",
            "javax.management.BadAttributeValueExpException", "javax.naming.InitialContext",
            "com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl", "com.sun.rowset.JdbcRowSetImpl",
            "jdk.internal.misc.Unsafe", "sun.misc.Unsafe", "java.lang.reflect.Proxy",
            "com.esotericsoftware.kryo.serializers.ClosureSerializer$Closure", "io.seedrpc.codec.Catalog$Order",
            "[Ljava.lang.ProcessBuilder;", "[[Ljava.net.URL;", "[", "[L;", "[X", "[II", "[[Ljava.lang.String",
            "[L[I;", "", " "})
    void refusesEverythingElse(String className) {
        assertThat(allowlist.isAllowed(className)).isFalse();
    }

    @Test
    void refusesNullAndHandlesClasses() {
        assertThat(allowlist.isAllowed((String) null)).isFalse();
        assertThat(allowlist.isAllowed(int.class)).isTrue();
        assertThat(allowlist.isAllowed(long[][].class)).isTrue();
        assertThat(allowlist.isAllowed(String[].class)).isTrue();
        assertThat(allowlist.isAllowed(ProcessBuilder.class)).isFalse();
        assertThat(allowlist.isAllowed(Order[].class)).isFalse();
    }

    @Test
    void allowsWhatAServiceReaches() {
        allowlist.allowTypesReachableFrom(Catalog.class);

        assertThat(List.of(
                Order.class, // parameter and return type
                Line.class, // record component, inside List<Line>
                Money.class, // record component of a record component
                Status.class, // enum
                Customer.class, // POJO
                Address.class, Located.class, // POJO and its superclass
                GeoPoint.class, // a field of the superclass only
                Invoice.class, // inside CompletableFuture<List<Invoice>>
                Tax.class, // a map value type inside that
                Shape.class, Circle.class, Square.class, // sealed interface and its permitted records
                CatalogException.class, Reason.class, // declared exception and its field
                TimeUnit.class, // a JDK enum the interface names
                Order[].class))
                .allSatisfy(type -> assertThat(allowlist.isAllowed(type)).as(type.getName()).isTrue());
        assertThat(allowlist.isAllowed(Secret.class)).as("behind a transient field").isFalse();
        assertThat(allowlist.isAllowed(Catalog.class)).as("the service itself is not data").isFalse();
        assertThat(allowlist.isAllowed(Exception.class)).as("platform superclass").isFalse();
    }

    interface Generic {

        <T extends Widget & Comparable<T>> List<? super Gadget> bounded(Map<String, T[]> byName);

        CompletionStage<Set<Node>> tree(Node root);

        Holder<Part> holder();
    }

    static class Widget {
    }

    static final class Gadget {
    }

    /** Refers to itself: the walk must end. */
    record Node(String name, List<Node> children, Node parent) {
    }

    static class Holder<T> {
        T held;
        List<? extends T> more;
    }

    static final class Part {
    }

    @Test
    void followsBoundsWildcardsGenericArraysAndCycles() {
        allowlist.allowTypesReachableFrom(Generic.class);

        assertThat(List.of(Widget.class, Gadget.class, Node.class, Holder.class, Part.class))
                .allSatisfy(type -> assertThat(allowlist.isAllowed(type)).as(type.getName()).isTrue());
    }

    @Test
    void allowsPackagesAndTheirSubpackages() {
        allowlist.allowPackage("com.acme");

        assertThat(allowlist.isAllowed("com.acme.Order")).isTrue();
        assertThat(allowlist.isAllowed("com.acme.billing.Invoice$Line")).isTrue();
        assertThat(allowlist.isAllowed("[Lcom.acme.Order;")).isTrue();
        assertThat(allowlist.isAllowed("com.acmex.Order")).isFalse();
        assertThat(allowlist.isAllowed("com.Order")).isFalse();
        assertThat(allowlist.isAllowed("com.acme")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "java.util", "java.lang", "javax", "javax.management", "jdk", "jdk.internal",
            "sun", "sun.misc", "com.sun", "com.sun.rowset", "com"})
    void refusesPlatformPackagesAndTheirParents(String packageName) {
        assertThatThrownBy(() -> allowlist.allowPackage(packageName))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("platform");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "com..acme", "com.acme.", ".com", "com acme", "com.1acme"})
    void refusesBlankAndMalformedPackageNames(String packageName) {
        assertThatThrownBy(() -> allowlist.allowPackage(packageName))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowsSingleClassesAndArraysByTheirElement() {
        allowlist.allowClass(Gadget[][].class).allowClass(int[].class);

        assertThat(allowlist.isAllowed(Gadget.class)).isTrue();
        assertThat(allowlist.isAllowed("[[L" + Gadget.class.getName() + ";")).isTrue();
        assertThat(allowlist.isAllowed(Widget.class)).isFalse();
    }

    @Test
    void canBeWidenedWhileBeingConsulted() throws Exception {
        var pool = Executors.newFixedThreadPool(4);
        var start = new CountDownLatch(1);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int offset = t;
                tasks.add(pool.submit(() -> {
                    start.await();
                    for (int i = offset; i < 2000; i += 2) {
                        allowlist.allowPackage("com.acme.p" + i);
                    }
                    return null;
                }));
                tasks.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20_000; i++) {
                        allowlist.isAllowed("com.acme.p" + (i % 2000) + ".Type");
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> task : tasks) {
                task.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        for (int i = 0; i < 2000; i++) {
            assertThat(allowlist.isAllowed("com.acme.p" + i + ".Type")).isTrue();
        }
    }
}

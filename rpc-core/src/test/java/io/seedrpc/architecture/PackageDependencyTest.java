package io.seedrpc.architecture;

import io.seedrpc.architecture.JavaSources.Reference;
import io.seedrpc.architecture.JavaSources.SourceClass;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which package of rpc-core may use which: the rule of docs/architecture.md, checked against every class's imports
 * and qualified names. Dependencies point one way — protocol ← codec ← transport ← server/client — and the Netty
 * transport is reached only through its public factory, {@code NettyTransports}, and only from {@code server};
 * {@code client} and {@code cluster} never name it.
 */
class PackageDependencyTest {

    private static final String ROOT = JavaSources.ROOT;
    private static final String NETTY = "transport.netty";
    /** The one class of {@code transport.netty} another package may name. */
    private static final String NETTY_FACTORY = ROOT + ".transport.netty.NettyTransports";

    /**
     * Each package (relative to {@code io.seedrpc}; {@code ""} is {@code io.seedrpc} itself, the shared value
     * types) and the packages it may use besides itself. The same table is in docs/architecture.md; change both.
     */
    private static final Map<String, Set<String>> MAY_USE = table(
            row("", "internal"),
            row("annotation"),
            row("internal"),
            row("protocol", "", "annotation", "internal"),
            row("codec", "", "protocol", "internal"),
            row("tls", "", "internal"),
            row("transport", "", "protocol", "codec", "tls", "internal"),
            row(NETTY, "", "protocol", "codec", "tls", "transport", "internal"),
            row("invoke", "", "protocol", "internal"),
            row("discovery", "", "internal"),
            row("loadbalance", "", "annotation", "protocol", "invoke", "discovery", "internal"),
            row("server", "", "annotation", "protocol", "codec", "tls", "transport", "internal"),
            row("client", "", "annotation", "protocol", "codec", "tls", "transport", "invoke", "discovery",
                    "loadbalance", "cluster", "internal"),
            // Only the ClusterMode enum of the client's builder; the cluster calls live in client.
            row("cluster", "", "internal"),
            row("observation", "", "protocol", "invoke", "server", "client", "internal"),
            // registry.api is the rpc-registry-api module: the registry's JSON records and limits.
            row("registry", "", "discovery", "internal", "registry.api"));

    /**
     * The packages that may name {@link #NETTY_FACTORY}: the server's, where {@code RpcServer} wires it. The client
     * finds its transport through the {@code ClientTransport} provider and never names the Netty package.
     */
    private static final Set<String> MAY_USE_NETTY_FACTORY = Set.of("server");

    /**
     * Uses the rule does not allow yet, each by a named class of a named type, while work in progress removes them.
     * Each is TEMPORARY: whoever lands that work deletes it, and this test fails on any that no longer matches a
     * use, so none outlives its fix. Empty now: client-14 and server-14 have landed.
     */
    private static final List<TemporaryUse> TEMPORARY = List.of();

    /** One use the rule does not allow yet, by a named class of a named type. */
    private record TemporaryUse(String fromClass, String toType) {
    }

    private final List<SourceClass> classes = JavaSources.readMain();

    @Test
    void everyPackageUsesOnlyWhatTheTableAllows() {
        Set<TemporaryUse> used = new HashSet<>();
        List<String> violations = new ArrayList<>();
        for (SourceClass source : classes) {
            String from = relative(source.packageName());
            for (Reference reference : source.references()) {
                String to = relative(reference.packageName());
                if (allowed(from, to, reference.type())) {
                    continue;
                }
                TemporaryUse exception = new TemporaryUse(source.name(), reference.type());
                if (TEMPORARY.contains(exception)) {
                    used.add(exception);
                    continue;
                }
                violations.add(source.name() + " uses " + reference.type() + ": " + explain(from, to));
            }
        }
        assertThat(violations).as("uses against the package rule (docs/architecture.md)").isEmpty();
        assertThat(TEMPORARY.stream().filter(e -> !used.contains(e)).toList())
                .as("TEMPORARY exceptions that no longer match a use: delete them from this test")
                .isEmpty();
    }

    @Test
    void onlyTheNettyTransportUsesNetty() {
        assertThat(classes.stream().filter(source -> source.usesNetty()
                        && !source.packageName().startsWith(ROOT + "." + NETTY)).map(SourceClass::name).toList())
                .as("classes outside transport.netty that use io.netty").isEmpty();
    }

    @Test
    void everyPackageHasARow() {
        Set<String> packages = new TreeSet<>();
        classes.forEach(source -> packages.add(relative(source.packageName())));
        assertThat(packages).as("packages of rpc-core; a new one needs a row in MAY_USE and in docs/architecture.md")
                .isSubsetOf(MAY_USE.keySet());
        assertThat(packages).as("the reader found the sources").contains("protocol", "client", NETTY);
    }

    @Test
    void theRuleItselfPointsOneWay() {
        for (String start : MAY_USE.keySet()) {
            Deque<String> toVisit = new ArrayDeque<>(MAY_USE.get(start));
            Set<String> seen = new HashSet<>();
            while (!toVisit.isEmpty()) {
                String next = toVisit.pop();
                assertThat(next).as("the table lets %s reach itself: a cycle", display(start)).isNotEqualTo(start);
                if (seen.add(next)) {
                    toVisit.addAll(MAY_USE.getOrDefault(next, Set.of()));
                }
            }
        }
    }

    @Test
    void theReaderSeesImportsAndQualifiedNamesButNotCommentsOrStrings() {
        String code = JavaSources.withoutCommentsAndLiterals("""
                package io.seedrpc.cluster;
                import io.seedrpc.transport.netty.A; // io.seedrpc.server.B
                /* io.seedrpc.server.C */ class X { String s = "io.seedrpc.server.D"; io.seedrpc.codec.E e; }
                """);
        assertThat(code).contains("io.seedrpc.transport.netty.A", "io.seedrpc.codec.E")
                .doesNotContain("server.B", "server.C", "server.D");
    }

    private static boolean allowed(String from, String to, String type) {
        if (to.equals(NETTY) && !from.equals(NETTY)) {
            return type.equals(NETTY_FACTORY) && MAY_USE_NETTY_FACTORY.contains(from);
        }
        return MAY_USE.getOrDefault(from, Set.of()).contains(to);
    }

    private static String explain(String from, String to) {
        if (to.equals(NETTY)) {
            return "outside transport.netty only " + NETTY_FACTORY + " may be named, and only from "
                    + MAY_USE_NETTY_FACTORY;
        }
        List<String> allowed = MAY_USE.getOrDefault(from, Set.of()).stream().map(PackageDependencyTest::display)
                .sorted().toList();
        return display(from) + " may not use " + display(to) + " (it may use " + allowed + ")";
    }

    private static String relative(String packageName) {
        return packageName.equals(ROOT) ? "" : packageName.substring(ROOT.length() + 1);
    }

    private static String display(String relative) {
        return relative.isEmpty() ? ROOT : relative;
    }

    private static Map.Entry<String, Set<String>> row(String pkg, String... mayUse) {
        return Map.entry(pkg, Set.of(mayUse));
    }

    @SafeVarargs
    private static Map<String, Set<String>> table(Map.Entry<String, Set<String>>... rows) {
        Map<String, Set<String>> table = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> row : rows) {
            table.put(row.getKey(), row.getValue());
        }
        return table;
    }
}

package io.seedrpc.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dependencies between rpc-core's packages point one way (protocol ← codec ← transport ← server/client ←
 * cluster …): a cycle between packages is a design error, found here from the sources' own references.
 */
class PackageCycleTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.seedrpc(\\.[a-z][a-z0-9]*)*(?=\\.[A-Z])");

    @Test
    void packagesFormNoCycle() throws IOException {
        Map<String, Set<String>> dependencies = readDependencies();
        assertThat(dependencies).as("packages found").containsKeys("io.seedrpc.protocol", "io.seedrpc.client");
        List<List<String>> cycles = findCycles(dependencies);
        assertThat(cycles).as("package cycles; dependencies were %s", dependencies).isEmpty();
    }

    private static Map<String, Set<String>> readDependencies() throws IOException {
        Map<String, Set<String>> dependencies = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                Set<String> used = dependencies.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher matcher = REFERENCE.matcher(Files.readString(file));
                while (matcher.find()) {
                    String target = matcher.group();
                    if (!target.equals(pkg)) {
                        used.add(target);
                    }
                }
            }
        }
        return dependencies;
    }

    /** Every elementary cycle reachable by depth-first search, each reported once by its smallest member. */
    private static List<List<String>> findCycles(Map<String, Set<String>> graph) {
        List<List<String>> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            Deque<String> path = new ArrayDeque<>();
            path.push(start);
            walk(graph, start, start, path, cycles, new HashMap<>());
        }
        return cycles;
    }

    private static void walk(Map<String, Set<String>> graph, String start, String node, Deque<String> path,
                             List<List<String>> cycles, Map<String, Boolean> visited) {
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                java.util.Collections.reverse(cycle);
                cycles.add(cycle);
            } else if (next.compareTo(start) > 0 && !path.contains(next) && visited.putIfAbsent(next, true) == null) {
                path.push(next);
                walk(graph, start, next, path, cycles, visited);
                path.pop();
            }
        }
    }
}

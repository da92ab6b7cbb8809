package io.seedrpc.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Every row on the class path, by name. */
final class Targets {

    private final Map<String, Target> byName = new LinkedHashMap<>();

    private Targets(List<Target> targets) {
        for (Target target : targets) {
            if (byName.putIfAbsent(target.name(), target) != null) {
                throw new IllegalStateException("two targets are named '" + target.name() + "'");
            }
        }
    }

    /** The rows of every {@link TargetProvider} found by the service loader. */
    static Targets load() {
        List<Target> targets = new ArrayList<>();
        for (TargetProvider provider : ServiceLoader.load(TargetProvider.class)) {
            targets.addAll(provider.targets());
        }
        return new Targets(targets);
    }

    /** Every row, in report order. */
    List<Target> all() {
        return List.copyOf(byName.values());
    }

    /**
     * The row called {@code name}.
     *
     * @throws IllegalArgumentException naming the known rows
     */
    Target get(String name) {
        Target target = byName.get(name);
        if (target == null) {
            throw new IllegalArgumentException("unknown row '" + name + "'; known rows: " + byName.keySet());
        }
        return target;
    }

    /** The rows named in {@code names}, in report order; every row when {@code names} is empty. */
    List<Target> select(List<String> names) {
        if (names.isEmpty()) {
            return all();
        }
        names.forEach(this::get);
        return byName.values().stream().filter(t -> names.contains(t.name())).toList();
    }
}

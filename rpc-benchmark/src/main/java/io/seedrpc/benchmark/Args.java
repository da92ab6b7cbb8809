package io.seedrpc.benchmark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Command-line arguments of the form {@code --name value} and bare {@code --flag}s. */
final class Args {

    private Args() {
    }

    /**
     * @param flags the names that take no value
     * @throws IllegalArgumentException for an unknown form or a missing value
     */
    static Map<String, String> parse(String[] args, Set<String> flags) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'; options start with --");
            }
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            if (eq > 0) {
                parsed.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (flags.contains(name)) {
                parsed.put(name, "true");
            } else if (i + 1 < args.length) {
                parsed.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        return parsed;
    }

    /**
     * The value of a required option.
     *
     * @throws IllegalArgumentException when it is missing
     */
    static String required(Map<String, String> args, String name) {
        String value = args.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}

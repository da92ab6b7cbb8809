package io.seedrpc;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A name given in configuration (a codec, a load balancer, a cluster mode) matches none that this side knows.
 * Carries what was looked up and the names that would have matched, so that callers such as the Spring Boot
 * starter can advise on the {@link #kind()} without reading the message; the message says the same for people:
 * {@code unknown load balancer 'fastest'; known: [p2c, random, ...]}.
 */
public final class UnknownNameException extends IllegalArgumentException {

    /** What kind of thing was looked up by name. */
    public enum Kind {
        /** A codec, by its configured name ({@code kryo}, {@code json}, ...). */
        CODEC("codec", "known codecs"),
        /** A load balancer, by its name ({@code p2c}, {@code round-robin}, ...). */
        LOAD_BALANCER("load balancer", "known"),
        /** A cluster mode, by its configuration name ({@code failover}, ...). */
        CLUSTER_MODE("cluster mode", "known");

        private final String label;
        private final String knownLabel;

        Kind(String label, String knownLabel) {
            this.label = label;
            this.knownLabel = knownLabel;
        }

        /** How messages call it: {@code "load balancer"}. */
        public String label() {
            return label;
        }
    }

    private final Kind kind;
    private final String name;
    private final List<String> known;
    private final String missingModule;

    /**
     * @param kind          what was looked up
     * @param name          the name that matched nothing
     * @param known         the names that would have matched, in the order to show them
     * @param missingModule the module that adds a thing of that name but is not on the class path, as a Maven
     *                      dependency names it ({@code io.seedrpc:rpc-codec-protobuf}); {@code null} when none
     */
    public UnknownNameException(Kind kind, String name, Collection<String> known, String missingModule) {
        super(message(Objects.requireNonNull(kind, "kind"), name, List.copyOf(known), missingModule));
        this.kind = kind;
        this.name = name;
        this.known = List.copyOf(known);
        this.missingModule = missingModule;
    }

    /** @see #UnknownNameException(Kind, String, Collection, String) */
    public UnknownNameException(Kind kind, String name, Collection<String> known) {
        this(kind, name, known, null);
    }

    /**
     * The unknown name that caused {@code failure}: the failure itself or one of its causes, however deeply a
     * caller wrapped it; empty when no name was unknown.
     */
    public static Optional<UnknownNameException> find(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownNameException unknown) {
                return Optional.of(unknown);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }

    /** What was looked up. */
    public Kind kind() {
        return kind;
    }

    /** The name that matched nothing, as given. */
    public String name() {
        return name;
    }

    /** The names that would have matched. */
    public List<String> known() {
        return known;
    }

    /** The module that would add a thing of this name, when one is known: add it to the dependencies. */
    public Optional<String> missingModule() {
        return Optional.ofNullable(missingModule);
    }

    private static String message(Kind kind, String name, List<String> known, String missingModule) {
        String message = "unknown " + kind.label + " '" + name + "'; " + kind.knownLabel + ": " + known;
        return missingModule == null ? message
                : message + "; the " + name + " " + kind.label + " comes with " + missingModule
                        + ", which is not on the class path";
    }
}

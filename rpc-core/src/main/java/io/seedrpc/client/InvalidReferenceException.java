package io.seedrpc.client;

import java.util.Objects;
import java.util.Optional;

/**
 * A reference {@link RpcClient#proxy} cannot make, with the kind of problem as a value, so that a caller (the
 * Spring Boot starter's failure advice, for one) can tell the kinds apart without reading the message. The message
 * names the service and says what to change.
 */
public final class InvalidReferenceException extends IllegalArgumentException {

    private final Problem problem;
    private final String serviceKey;

    /** Makes the exception; {@code message} names the service and what to change. */
    public InvalidReferenceException(Problem problem, String serviceKey, String message) {
        super(message);
        this.problem = Objects.requireNonNull(problem, "problem");
        this.serviceKey = Objects.requireNonNull(serviceKey, "serviceKey");
    }

    /** What is wrong with the reference. */
    public Problem problem() {
        return problem;
    }

    /** The service the reference names. */
    public String serviceKey() {
        return serviceKey;
    }

    /** The first {@code InvalidReferenceException} in {@code failure}'s chain of causes, if there is one. */
    public static Optional<InvalidReferenceException> find(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidReferenceException invalid) {
                return Optional.of(invalid);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }

    /** The kinds of problem. */
    public enum Problem {
        /** The reference names no address, and the client has no discovery to find instances with. */
        NO_ADDRESS_AND_NO_DISCOVERY,
        /** The reference's codec cannot carry a type some method of the interface uses. */
        CODEC_CANNOT_CARRY_SERVICE
    }
}

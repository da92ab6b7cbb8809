package io.seedrpc.spring.diagnostics;

/**
 * The application cannot start as configured: says what is wrong and what to change. Spring Boot reports it
 * as a failure analysis ({@link RpcStartupFailureAnalyzer}): a description and an action.
 */
public class RpcStartupException extends IllegalStateException {

    private final String description;
    private final String action;

    /**
     * @param description what is wrong, naming the bean, field or property
     * @param action      what to change, as a sentence
     */
    public RpcStartupException(String description, String action, Throwable cause) {
        super(description + ". " + action, cause);
        this.description = description;
        this.action = action;
    }

    public RpcStartupException(String description, String action) {
        this(description, action, null);
    }

    /** What is wrong. */
    public String description() {
        return description;
    }

    /** What to change. */
    public String action() {
        return action;
    }
}

package io.seedrpc.registry.app.store;

/** A new instance was refused because the store already holds as many as it may. */
public final class StoreFullException extends RuntimeException {

    private final int limit;

    public StoreFullException(int limit) {
        super("the registry already holds its limit of " + limit + " instances");
        this.limit = limit;
    }

    /** The number of instances the store may hold. */
    public int limit() {
        return limit;
    }
}

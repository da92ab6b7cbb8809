package io.seedrpc.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The listeners of one subscribed service and the list last handed to them, for {@link Discovery}
 * implementations that follow a service in the background: a listener added late gets the known list at once, and
 * a list equal to the last one is not handed out again.
 *
 * <p>Thread-safe. Listeners are called under this object's lock, so calls never overlap, as
 * {@link Discovery#subscribe} promises.
 */
public final class EndpointListeners {

    private final List<Consumer<List<Endpoint>>> listeners = new ArrayList<>();
    /** The last list handed out; {@code null} until the first is known. */
    private List<Endpoint> endpoints;

    /** Adds a listener, and hands it the current list if one is known. */
    public synchronized void add(Consumer<List<Endpoint>> listener) {
        listeners.add(listener);
        if (endpoints != null) {
            listener.accept(endpoints);
        }
    }

    /** Removes a listener; returns whether none is left, so that the caller can stop following the service. */
    public synchronized boolean remove(Consumer<List<Endpoint>> listener) {
        listeners.remove(listener);
        return listeners.isEmpty();
    }

    /**
     * Hands {@code fresh} to every listener unless it equals the last list handed out.
     *
     * @return whether the list changed
     */
    public synchronized boolean publish(List<Endpoint> fresh) {
        List<Endpoint> immutable = List.copyOf(fresh);
        if (immutable.equals(endpoints)) {
            return false;
        }
        endpoints = immutable;
        listeners.forEach(listener -> listener.accept(immutable));
        return true;
    }

    /** How many endpoints the last list held; 0 before the first is known. */
    public synchronized int size() {
        return endpoints == null ? 0 : endpoints.size();
    }
}

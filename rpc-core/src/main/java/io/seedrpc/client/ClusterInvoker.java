package io.seedrpc.client;

import io.seedrpc.Address;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.cluster.ClusterMode;
import io.seedrpc.codec.Codec;
import io.seedrpc.discovery.Discovery;
import io.seedrpc.discovery.Endpoint;
import io.seedrpc.invoke.Invocation;
import io.seedrpc.invoke.Invoker;
import io.seedrpc.loadbalance.EndpointLoad;
import io.seedrpc.loadbalance.LoadBalancer;
import io.seedrpc.loadbalance.Picker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Calls one service across its live instances: discovery says which exist, {@link AddressHealth} says which are
 * reachable, the load balancer's picker chooses among those, and the cluster mode decides what a failure
 * means. The picker is an immutable snapshot rebuilt whenever discovery or health changes.
 *
 * <p>Thread-safe. Closing it ends its discovery subscription; the connections, health and discovery belong to
 * the client.
 */
final class ClusterInvoker implements Invoker, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterInvoker.class);

    private record Snapshot(List<Endpoint> discovered, List<Endpoint> usable, Picker picker) {
    }

    private final String serviceKey;
    private final Discovery discovery;
    private final LoadBalancer balancer;
    private final ClusterMode mode;
    private final int retries;
    private final ConnectionCache connections;
    private final AddressHealth health;
    private final Codec codec;
    private final EndpointLoad load;
    private final AutoCloseable healthRegistration;
    private final Discovery.Subscription subscription;
    private volatile Snapshot snapshot = new Snapshot(List.of(), List.of(), null);
    private final CompletableFuture<Void> firstList = new CompletableFuture<>();
    private boolean closed;

    /**
     * @param retries how many times failover may retry a call (ignored by the other modes)
     */
    ClusterInvoker(String serviceKey, Discovery discovery, LoadBalancer balancer, ClusterMode mode, int retries,
                   ConnectionCache connections, AddressHealth health, Codec codec) {
        if (retries < 0) {
            throw new IllegalArgumentException("retries for " + serviceKey + " must be at least 0, was " + retries);
        }
        this.serviceKey = serviceKey;
        this.discovery = discovery;
        this.balancer = balancer;
        this.mode = mode;
        this.retries = retries;
        this.connections = connections;
        this.health = health;
        this.codec = codec;
        this.load = endpoint -> connections.outstanding(endpoint.address());
        this.healthRegistration = health.addListener(this::onHealthChanged);
        this.subscription = discovery.subscribe(serviceKey, this::onDiscovered);
    }

    /**
     * Routes the call. Until discovery has delivered its first list (a registry query still on its way), calls
     * wait for it, until their deadline, instead of failing as if there were no provider; that wait is the
     * client's setup, not the call's, so the call then gets its deadline moved back by it.
     */
    @Override
    public CompletableFuture<Object> invoke(Invocation invocation) {
        if (firstList.isDone()) {
            return dispatch(invocation);
        }
        long waitStarted = System.nanoTime();
        CompletableFuture<Void> listed = firstList.copy();
        if (invocation.deadline().isBounded()) {
            listed.completeOnTimeout(null, invocation.deadline().remainingNanos(), TimeUnit.NANOSECONDS);
        }
        return listed.thenCompose(ignored -> dispatch(invocation.withDeadline(
                invocation.deadline().extendedBy(Duration.ofNanos(System.nanoTime() - waitStarted)))));
    }

    private CompletableFuture<Object> dispatch(Invocation invocation) {
        return switch (mode) {
            case FAILFAST -> failfast(invocation);
            case FAILOVER -> new FailoverCall(this, invocation, retries).start();
            case BROADCAST -> new BroadcastCall(this, invocation).start();
        };
    }

    private CompletableFuture<Object> failfast(Invocation invocation) {
        Endpoint endpoint = pick(invocation, Set.of());
        return endpoint == null ? CompletableFuture.failedFuture(noProvider()) : send(endpoint, invocation);
    }

    /** Chooses an endpoint not in {@code excluded}, or {@code null} when none is left. */
    Endpoint pick(Invocation invocation, Set<Address> excluded) {
        Snapshot current = snapshot;
        if (excluded.isEmpty()) {
            return current.picker() == null ? null : current.picker().pick(invocation, load);
        }
        List<Endpoint> candidates = without(current.usable(), excluded);
        if (candidates.isEmpty()) {
            candidates = without(current.discovered(), excluded);
        }
        return candidates.isEmpty() ? null : balancer.newPicker(candidates).pick(invocation, load);
    }

    private static List<Endpoint> without(List<Endpoint> endpoints, Set<Address> excluded) {
        return endpoints.stream().filter(e -> !excluded.contains(e.address())).toList();
    }

    /** The endpoints a broadcast goes to: every reachable one, or every known one when none is reachable. */
    List<Endpoint> broadcastTargets() {
        Snapshot current = snapshot;
        return current.usable().isEmpty() ? current.discovered() : current.usable();
    }

    CompletableFuture<Object> send(Endpoint endpoint, Invocation invocation) {
        return connections.call(endpoint.address(), codec, invocation);
    }

    /** The error for a call that found no instance to go to. */
    RpcException noProvider() {
        Snapshot current = snapshot;
        String detail = !firstList.isDone() ? "no answer from discovery yet"
                : current.discovered().isEmpty() ? "0 live instances"
                : current.discovered().size() + " instances, none reachable";
        return new RpcException(StatusCode.NO_PROVIDER, "no provider for service " + serviceKey + " (discovery: "
                + discovery.describe() + ", " + detail + ")", null, true);
    }

    private synchronized void onDiscovered(List<Endpoint> endpoints) {
        if (closed) {
            return;
        }
        Set<Address> before = addresses(snapshot.discovered());
        Set<Address> after = addresses(endpoints);
        after.stream().filter(a -> !before.contains(a)).forEach(health::retain);
        before.stream().filter(a -> !after.contains(a)).forEach(health::release);
        log.debug("{} now has {} instances: {}", serviceKey, endpoints.size(), endpoints);
        rebuild(List.copyOf(endpoints));
        firstList.complete(null);
    }

    private void onHealthChanged(Address address, boolean reachable) {
        synchronized (this) {
            if (!closed && addresses(snapshot.discovered()).contains(address)) {
                rebuild(snapshot.discovered());
            }
        }
    }

    /** Guarded by {@code this}. */
    private void rebuild(List<Endpoint> discovered) {
        List<Endpoint> usable = discovered.stream().filter(e -> health.isReachable(e.address())).toList();
        // With every instance out of rotation, try them anyway: one may be back before its probe says so.
        List<Endpoint> pickable = usable.isEmpty() ? discovered : usable;
        Picker picker = pickable.isEmpty() ? null : balancer.newPicker(pickable);
        snapshot = new Snapshot(discovered, usable, picker);
    }

    private static Set<Address> addresses(Collection<Endpoint> endpoints) {
        Set<Address> addresses = new HashSet<>();
        endpoints.forEach(e -> addresses.add(e.address()));
        return addresses;
    }

    /** The instances discovery reports now. */
    List<Endpoint> endpoints() {
        return snapshot.discovered();
    }

    /** The instances in rotation now. */
    List<Endpoint> reachableEndpoints() {
        return snapshot.usable();
    }

    @Override
    public void close() {
        List<Endpoint> last;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            last = snapshot.discovered();
        }
        subscription.close();
        try {
            healthRegistration.close();
        } catch (Exception e) {
            log.debug("Could not remove health listener", e);
        }
        last.forEach(e -> health.release(e.address()));
    }

    @Override
    public String toString() {
        return mode.configName() + " over " + serviceKey + " (" + balancer.name() + ", discovery: "
                + discovery.describe() + ")";
    }
}

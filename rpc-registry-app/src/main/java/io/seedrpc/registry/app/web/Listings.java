package io.seedrpc.registry.app.web;

import io.seedrpc.registry.api.InstancesSnapshot;
import io.seedrpc.registry.app.RegistryProperties;
import io.seedrpc.registry.app.live.Registry;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Answers instance listings, at once or as blocking queries. A blocking query holds no thread while it waits:
 * it is a {@link DeferredResult} completed by the registry's next change or by the wait's end.
 */
@Component
final class Listings {

    /** Room for the registry's own timer to end the wait before the servlet container gives up on it. */
    private static final long CONTAINER_TIMEOUT_MARGIN_MS = 5_000;

    private final Registry registry;
    private final RegistryProperties properties;

    Listings(Registry registry, RegistryProperties properties) {
        this.registry = registry;
        this.properties = properties;
    }

    /**
     * The instances of {@code service} (of every service when {@code null}), waiting for a change when the
     * parameters ask for it.
     *
     * @throws InvalidRequestException when {@code index} or {@code wait} is not understood
     */
    DeferredResult<InstancesSnapshot> answer(String service, String index, String wait) {
        BlockingQuery query = BlockingQuery.parse(index, wait, properties.defaultWait(), properties.maxWait());
        if (query == null) {
            DeferredResult<InstancesSnapshot> now = new DeferredResult<>();
            now.setResult(snapshot(service));
            return now;
        }
        DeferredResult<InstancesSnapshot> deferred =
                new DeferredResult<>(query.timeout().toMillis() + CONTAINER_TIMEOUT_MARGIN_MS);
        CompletableFuture<InstancesSnapshot> change = registry.watch(service, query.index(), query.timeout());
        change.whenComplete((snapshot, failure) -> {
            if (failure != null) {
                deferred.setErrorResult(failure);
            } else {
                deferred.setResult(snapshot);
            }
        });
        // The client went away, or the container ended the request: stop waiting for it.
        deferred.onCompletion(() -> change.cancel(false));
        deferred.onTimeout(() -> deferred.setResult(snapshot(service)));
        return deferred;
    }

    private InstancesSnapshot snapshot(String service) {
        return service == null ? registry.all() : registry.instances(service);
    }
}

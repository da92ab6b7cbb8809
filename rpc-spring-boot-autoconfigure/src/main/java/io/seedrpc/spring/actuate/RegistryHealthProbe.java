package io.seedrpc.spring.actuate;

import io.seedrpc.registry.RegistryClient;
import java.util.concurrent.CompletableFuture;

/**
 * One registry the {@code rpc} health indicator asks about: a registry app, or a ZooKeeper session. The
 * indicator is up on the registry side when at least one probe answers.
 */
public interface RegistryHealthProbe {

    /** How the registry appears in the health details, e.g. its URL. */
    String name();

    /** Completes when the registry answers; fails with the reason when it does not. Must not block. */
    CompletableFuture<?> check();

    /** A registry app, asked for its list of services. */
    static RegistryHealthProbe of(RegistryClient registry) {
        return new RegistryHealthProbe() {
            @Override
            public String name() {
                return registry.baseUri().toString();
            }

            @Override
            public CompletableFuture<?> check() {
                return registry.services();
            }
        };
    }
}

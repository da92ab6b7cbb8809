package io.seedrpc.spring.autoconfigure;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Which registry backend {@code rpc.registry.addresses} chooses by its scheme. Addresses that do not parse match
 * neither backend; binding {@code rpc.*} then stops the application with the reason.
 */
abstract class OnRegistryBackendCondition extends SpringBootCondition {

    private final boolean zooKeeper;

    OnRegistryBackendCondition(boolean zooKeeper) {
        this.zooKeeper = zooKeeper;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String backend = zooKeeper ? "a ZooKeeper ensemble" : "registry apps";
        List<String> entries = Binder.get(context.getEnvironment())
                .bind("rpc.registry.addresses", Bindable.listOf(String.class)).orElse(List.of());
        RegistryAddresses addresses;
        try {
            addresses = RegistryAddresses.parse(entries);
        } catch (IllegalArgumentException e) {
            return ConditionOutcome.noMatch("rpc.registry.addresses does not parse: " + e.getMessage());
        }
        if (addresses.isEmpty()) {
            return ConditionOutcome.noMatch("rpc.registry.addresses is not set");
        }
        return addresses.isZooKeeper() == zooKeeper
                ? ConditionOutcome.match("rpc.registry.addresses names " + backend)
                : ConditionOutcome.noMatch("rpc.registry.addresses does not name " + backend);
    }

    /** {@code rpc.registry.addresses} names registry apps ({@code http(s)://}). */
    static final class RegistryApps extends OnRegistryBackendCondition {

        RegistryApps() {
            super(false);
        }
    }

    /** {@code rpc.registry.addresses} names a ZooKeeper ensemble ({@code zookeeper://}). */
    static final class ZooKeeper extends OnRegistryBackendCondition {

        ZooKeeper() {
            super(true);
        }
    }
}

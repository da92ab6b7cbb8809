package io.seedrpc.spring.autoconfigure;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Whether {@code rpc.registry.addresses} names at least one registry (as a list or a comma-separated value). */
final class OnRegistryAddressesCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return registryAddressesSet(context)
                ? ConditionOutcome.match("rpc.registry.addresses is set")
                : ConditionOutcome.noMatch("rpc.registry.addresses is not set");
    }

    static boolean registryAddressesSet(ConditionContext context) {
        return Binder.get(context.getEnvironment())
                .bind("rpc.registry.addresses", Bindable.listOf(String.class))
                .map(addresses -> addresses.stream().anyMatch(address -> !address.isBlank()))
                .orElse(false);
    }
}

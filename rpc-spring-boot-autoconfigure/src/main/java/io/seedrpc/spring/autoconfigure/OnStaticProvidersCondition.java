package io.seedrpc.spring.autoconfigure;

import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.ResolvableType;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Whether {@code rpc.client.providers} lists at least one service. */
final class OnStaticProvidersCondition extends SpringBootCondition {

    private static final Bindable<Map<String, List<String>>> PROVIDERS = Bindable.of(ResolvableType.forClassWithGenerics(
            Map.class, ResolvableType.forClass(String.class), ResolvableType.forClassWithGenerics(List.class, String.class)));

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        boolean listed = Binder.get(context.getEnvironment())
                .bind("rpc.client.providers", PROVIDERS)
                .map(providers -> !providers.isEmpty())
                .orElse(false);
        return listed ? ConditionOutcome.match("rpc.client.providers is set")
                : ConditionOutcome.noMatch("rpc.client.providers is not set");
    }
}

package io.seedrpc.server;

import io.seedrpc.codec.CodecRegistry;
import io.seedrpc.codec.TypeAllowlist;
import io.seedrpc.it.OrderService;
import io.seedrpc.it.OrderServiceImpl;
import io.seedrpc.protocol.ServiceKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher's remembered routes answer what the registry answers: the right method for every pair of keys,
 * even when more keys are in use than the routes have slots; nothing for an unknown service or method; and a
 * service exposed after a call missed it is found on the next call.
 */
class RoutesTest {

    private static final String ADD = "add(int,int)";
    private static final String SLEEP = "sleep(long)";

    private final ServiceRegistry registry = new ServiceRegistry(CodecRegistry.withDefaults(new TypeAllowlist()));
    private final Routes routes = new Routes(registry);

    @Test
    void findsTheMethodTheKeysNameOnEveryCall() {
        registry.register(OrderService.class, new OrderServiceImpl(), "1", null);
        String service = ServiceKeys.of(OrderService.class, "1");

        for (int call = 0; call < 3; call++) {
            assertThat(routes.find(service, ADD).describe()).isEqualTo(service + "." + ADD);
            assertThat(routes.find(service, SLEEP).describe()).isEqualTo(service + "." + SLEEP);
            // Equal keys read into other Strings, as another connection reads them.
            assertThat(routes.find(new String(service), new String(SLEEP)).describe())
                    .isEqualTo(service + "." + SLEEP);
        }
    }

    @Test
    void findsNothingForAnUnknownServiceOrMethod() {
        registry.register(OrderService.class, new OrderServiceImpl(), "1", null);
        String service = ServiceKeys.of(OrderService.class, "1");
        routes.find(service, ADD);

        assertThat(routes.find(service, "divide(int,int)")).isNull();
        assertThat(routes.find(ServiceKeys.of(OrderService.class, "2"), ADD)).isNull();
    }

    @Test
    void aServiceExposedAfterACallMissedItIsFound() {
        registry.register(OrderService.class, new OrderServiceImpl(), "1", null);
        String later = ServiceKeys.of(OrderService.class, "2");
        assertThat(routes.find(later, ADD)).isNull();

        registry.register(OrderService.class, new OrderServiceImpl(), "2", null);

        assertThat(routes.find(later, ADD).describe()).isEqualTo(later + "." + ADD);
        assertThat(routes.find(ServiceKeys.of(OrderService.class, "1"), ADD).serviceKey())
                .as("the routes resolved before").isEqualTo(ServiceKeys.of(OrderService.class, "1"));
    }

    @Test
    void keysSharingASlotEachFindTheirOwnMethod() {
        // 2 x 400 pairs of keys and 512 slots: some pairs must share a slot.
        int services = 400;
        for (int i = 0; i < services; i++) {
            registry.register(OrderService.class, new OrderServiceImpl(), "v" + i, null);
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < services; i++) {
                String service = ServiceKeys.of(OrderService.class, "v" + i);
                for (String method : new String[] {ADD, SLEEP}) {
                    assertThat(routes.find(service, method).describe()).isEqualTo(service + "." + method);
                }
            }
        }
    }
}

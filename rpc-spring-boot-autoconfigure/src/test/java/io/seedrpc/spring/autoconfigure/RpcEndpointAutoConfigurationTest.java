package io.seedrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedrpc.discovery.StaticDiscovery;
import io.seedrpc.server.RpcServer;
import io.seedrpc.spring.actuate.ClientCallStats;
import io.seedrpc.spring.actuate.RpcEndpoint;
import io.seedrpc.spring.actuate.RpcEndpoint.RpcReport;
import io.seedrpc.spring.annotation.RpcReference;
import io.seedrpc.spring.fixture.Greeter;
import io.seedrpc.spring.fixture.GreeterImpl;
import io.seedrpc.testing.NoLeakedThreads;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

@ExtendWith(NoLeakedThreads.class)
class RpcEndpointAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RpcSerializationAutoConfiguration.class,
                    RpcServerAutoConfiguration.class, RpcDiscoveryAutoConfiguration.class,
                    RpcClientAutoConfiguration.class, RpcEndpointAutoConfiguration.class))
            .withPropertyValues("rpc.server.host=127.0.0.1", "rpc.server.port=0",
                    "management.endpoints.web.exposure.include=rpc");

    @Test
    void reportsServicesMethodsReferencesInstancesAndCounts() {
        runner.withUserConfiguration(GreeterImpl.class, Caller.class)
                .withBean(StaticDiscovery.class, StaticDiscovery::new).run(context -> {
            RpcServer server = context.getBean(RpcServer.class);
            // The reference finds this context's own server, whose port is known only now.
            context.getBean(StaticDiscovery.class).add(Greeter.class.getName(), "tcp://127.0.0.1:" + server.port());
            Caller caller = context.getBean(Caller.class);
            caller.greeter.greet("ann");
            caller.greeter.greet("bob");

            // Counts are recorded as the answer goes out and comes in, a moment after the caller has it.
            RpcEndpoint endpoint = context.getBean(RpcEndpoint.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> endpoint.rpc().server().services().get(0).methods()
                    .get(0).calls() == 2 && endpoint.rpc().client().calls().get(0).calls() == 2);
            RpcReport report = endpoint.rpc();

            assertThat(report.server().listening()).isTrue();
            assertThat(report.server().port()).isEqualTo(server.port());
            assertThat(report.server().services()).singleElement().satisfies(service -> {
                assertThat(service.serviceKey()).isEqualTo(Greeter.class.getName());
                assertThat(service.methods()).extracting(RpcEndpoint.MethodReport::method)
                        .containsExactly("greet(java.lang.String)", "length(java.lang.String)", "slow(long)", "where()");
                assertThat(service.methods().get(0).calls()).isEqualTo(2);
                assertThat(service.methods().get(0).errors()).isZero();
                assertThat(service.methods().get(0).meanMicros()).isPositive();
            });
            assertThat(report.client().references()).singleElement().satisfies(reference -> {
                assertThat(reference.serviceKey()).isEqualTo(Greeter.class.getName());
                assertThat(reference.timeoutMs()).isEqualTo(900);
                assertThat(reference.address()).isNull();
            });
            assertThat(report.client().instances()).containsOnlyKeys(Greeter.class.getName());
            assertThat(report.client().instances().get(Greeter.class.getName())).singleElement()
                    .satisfies(instance -> {
                        assertThat(instance.address()).isEqualTo("tcp://127.0.0.1:" + server.port());
                        assertThat(instance.reachable()).isTrue();
                    });
            assertThat(report.client().calls()).singleElement().satisfies(calls -> {
                assertThat(calls.methodKey()).isEqualTo("greet(java.lang.String)");
                assertThat(calls.calls()).isEqualTo(2);
            });
            // As actuator renders it.
            assertThat(JsonMapper.builder().build().writeValueAsString(report))
                    .contains("\"serviceKey\":\"" + Greeter.class.getName() + "\"")
                    .contains("\"method\":\"greet(java.lang.String)\"")
                    .contains("\"reachable\":true");
        });
    }

    @Test
    void clientOnlyApplicationsReportNoServer() {
        runner.run(context -> {
            RpcReport report = context.getBean(RpcEndpoint.class).rpc();
            assertThat(report.server()).isNull();
            assertThat(report.client().references()).isEmpty();
            assertThat(report.client().calls()).isEmpty();
        });
    }

    @Test
    void backsOffToTheApplicationsOwnEndpoint() {
        runner.withBean("ownEndpoint", RpcEndpoint.class, () -> new RpcEndpoint(null, null, null))
                .run(context -> assertThat(context).hasSingleBean(RpcEndpoint.class).hasBean("ownEndpoint"));
    }

    @Test
    void noEndpointWhenNotExposed() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=health")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RpcEndpoint.class)
                        .doesNotHaveBean(ClientCallStats.class));
    }

    @Test
    void noEndpointWithoutActuator() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RpcEndpoint.class));
    }

    static class Caller {
        @RpcReference(timeoutMs = 900)
        Greeter greeter;
    }
}

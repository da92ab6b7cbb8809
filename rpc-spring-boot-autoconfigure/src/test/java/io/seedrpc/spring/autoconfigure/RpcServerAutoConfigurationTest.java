package io.seedrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.seedrpc.Metadata;
import io.seedrpc.RpcException;
import io.seedrpc.client.MetadataScope;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.CallListener;
import io.seedrpc.server.CurrentCall;
import io.seedrpc.server.ExposedService;
import io.seedrpc.server.RpcServer;
import io.seedrpc.server.ServerInterceptor;
import io.seedrpc.spring.annotation.RpcService;
import io.seedrpc.spring.fixture.Clock;
import io.seedrpc.spring.fixture.Greeter;
import io.seedrpc.spring.fixture.GreeterImpl;
import io.seedrpc.testing.NoLeakedThreads;
import io.seedrpc.spring.server.ExportedService;
import io.seedrpc.spring.server.RpcServerCustomizer;
import io.seedrpc.spring.server.RpcServerLifecycle;
import io.seedrpc.spring.server.RpcServerListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

@ExtendWith(NoLeakedThreads.class)
class RpcServerAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RpcSerializationAutoConfiguration.class,
                    RpcServerAutoConfiguration.class))
            .withPropertyValues("rpc.server.host=127.0.0.1", "rpc.server.port=0");

    @Test
    void noServerWithoutAnRpcServiceBean() {
        runner.run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(RpcServer.class)
                .doesNotHaveBean(RpcServerLifecycle.class));
    }

    @Test
    void servesTheRpcServiceBeansOnceRefreshed() {
        runner.withUserConfiguration(GreeterImpl.class).run(context -> {
            RpcServer server = context.getBean(RpcServer.class);
            assertThat(server.isRunning()).isTrue();
            assertThat(server.services()).extracting(ExposedService::serviceKey)
                    .containsExactly(Greeter.class.getName());
            assertThat(context.getBean(RpcServerLifecycle.class).services())
                    .containsExactly(new ExportedService(Greeter.class.getName(), Greeter.class, "greeterImpl", 100));
            try (RpcClient client = RpcClient.builder().build()) {
                assertThat(greeter(client, server).greet("ann")).isEqualTo("hello ann");
            }
        });
    }

    @Test
    void closingTheContextStopsTheServer() {
        runner.withUserConfiguration(GreeterImpl.class).run(context -> {
            RpcServer server = context.getBean(RpcServer.class);
            context.close();
            assertThat(server.isRunning()).isFalse();
        });
    }

    @Test
    void aNonDaemonThreadHoldsTheJvmWhileTheServerRunsAndEndsWithTheContext() {
        runner.withUserConfiguration(GreeterImpl.class).run(context -> {
            assertThat(awaitThreads()).singleElement().satisfies(thread -> assertThat(thread.isDaemon()).isFalse());
            context.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> awaitThreads().isEmpty());
        });
    }

    @Test
    void noThreadHoldsTheJvmWithoutTheServer() {
        runner.withUserConfiguration(GreeterImpl.class).withPropertyValues("rpc.server.enabled=false")
                .run(context -> assertThat(awaitThreads()).isEmpty());
    }

    private static List<Thread> awaitThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("seedrpc-server-await") && thread.isAlive())
                .toList();
    }

    @Test
    void enabledFalseTurnsTheServerOffDespiteRpcServiceBeans() {
        runner.withUserConfiguration(GreeterImpl.class).withPropertyValues("rpc.server.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RpcServer.class));
    }

    @Test
    void enabledTrueRunsTheServerWithoutRpcServiceBeans() {
        runner.withPropertyValues("rpc.server.enabled=true").run(context -> {
            RpcServer server = context.getBean(RpcServer.class);
            assertThat(server.isRunning()).isTrue();
            assertThat(server.services()).isEmpty();
        });
    }

    @Test
    void versionAndInterfaceClassFromTheAnnotation() {
        runner.withUserConfiguration(VersionedClockGreeter.class).run(context -> {
            RpcServer server = context.getBean(RpcServer.class);
            assertThat(server.services()).extracting(ExposedService::serviceKey)
                    .containsExactly(Greeter.class.getName() + ":2.0");
        });
    }

    @Test
    void portProperty() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        runner.withUserConfiguration(GreeterImpl.class).withPropertyValues("rpc.server.port=" + port)
                .run(context -> assertThat(context.getBean(RpcServer.class).port()).isEqualTo(port));
    }

    @Test
    void defaultPortIs9100() {
        assertThat(new RpcProperties().getServer().getPort()).isEqualTo(9100);
        assertThat(new RpcProperties().getServer().getHost()).isEqualTo("0.0.0.0");
    }

    @Test
    void hostPropertyIsTheBindAddress() {
        // 192.0.2.1 (TEST-NET-1) is no address of this machine: binding it fails without sending anything.
        runner.withUserConfiguration(GreeterImpl.class).withPropertyValues("rpc.server.host=192.0.2.1")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("cannot listen on 192.0.2.1"));
    }

    @Test
    void aPortInUseFailsStartupNamingTheProperty() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            runner.withUserConfiguration(GreeterImpl.class)
                    .withPropertyValues("rpc.server.port=" + taken.getLocalPort())
                    .run(context -> assertThat(context).hasFailed().getFailure()
                            .hasStackTraceContaining("already in use")
                            .hasStackTraceContaining("Set rpc.server.port to a free port"));
        }
    }

    @Test
    void workerThreadsProperty() {
        runner.withUserConfiguration(GreeterImpl.class).withPropertyValues("rpc.server.worker-threads=1")
                .run(context -> {
                    RpcServer server = context.getBean(RpcServer.class);
                    try (RpcClient client = RpcClient.builder().build()) {
                        Greeter greeter = greeter(client, server);
                        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> greeter.slow(600));
                        await().atMost(Duration.ofSeconds(5)).until(() -> server.callsInFlight() == 1);
                        long start = System.nanoTime();
                        assertThat(greeter.greet("b")).isEqualTo("hello b");
                        // With one worker, the second call waits for the first to finish.
                        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThan(300);
                        assertThat(first.join()).isEqualTo("slept 600");
                    }
                });
    }

    @Test
    void maxFrameSizeProperty() {
        runner.withUserConfiguration(GreeterImpl.class).withPropertyValues("rpc.server.max-frame-size=2KB")
                .run(context -> {
                    RpcServer server = context.getBean(RpcServer.class);
                    try (RpcClient client = RpcClient.builder().build()) {
                        Greeter greeter = greeter(client, server);
                        assertThat(greeter.length("x".repeat(1000))).isEqualTo(1000);
                        assertThatThrownBy(() -> greeter.length("x".repeat(4000))).isInstanceOf(RpcException.class);
                    }
                });
    }

    @Test
    void drainTimeoutProperty() {
        runner.withUserConfiguration(GreeterImpl.class).withPropertyValues("rpc.server.drain-timeout=200ms")
                .run(context -> {
                    RpcServer server = context.getBean(RpcServer.class);
                    try (RpcClient client = RpcClient.builder().callTimeout(Duration.ofSeconds(20)).build()) {
                        Greeter greeter = greeter(client, server);
                        CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> greeter.slow(10_000));
                        await().atMost(Duration.ofSeconds(5)).until(() -> server.callsInFlight() == 1);
                        long start = System.nanoTime();
                        context.close();
                        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
                        assertThat(slow).failsWithin(Duration.ofSeconds(5));
                    }
                });
    }

    @Test
    void invalidPropertiesFailStartupNamingThem() {
        runner.withPropertyValues("rpc.server.enabled=true", "rpc.server.port=70000").run(context ->
                assertThat(context).hasFailed().getFailure().hasStackTraceContaining("rpc.server.port")
                        .hasStackTraceContaining("must be between 0 and 65535"));
        runner.withPropertyValues("rpc.server.enabled=true", "rpc.server.worker-threads=0").run(context ->
                assertThat(context).hasFailed().getFailure().hasStackTraceContaining("rpc.server.worker-threads")
                        .hasStackTraceContaining("must be at least 1"));
        runner.withPropertyValues("rpc.server.enabled=true", "rpc.server.max-frame-size=100B").run(context ->
                assertThat(context).hasFailed().getFailure().hasStackTraceContaining("rpc.server.max-frame-size")
                        .hasStackTraceContaining("between 1KB and 2GB"));
        runner.withPropertyValues("rpc.server.enabled=true", "rpc.server.drain-timeout=-1s").run(context ->
                assertThat(context).hasFailed().getFailure().hasStackTraceContaining("rpc.server.drain-timeout"));
    }

    @Test
    void aBeanWithSeveralInterfacesMustNameOne() {
        runner.withUserConfiguration(AmbiguousService.class).run(context ->
                assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("@RpcService bean 'ambiguous'")
                        .hasStackTraceContaining("implements several interfaces [" + Clock.class.getName() + ", "
                                + Greeter.class.getName() + "]")
                        .hasStackTraceContaining("@RpcService(interfaceClass = ...)"));
    }

    @Test
    void aBeanWithoutInterfaceCannotBeServed() {
        runner.withUserConfiguration(NoInterfaceService.class).run(context ->
                assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("@RpcService bean 'noInterface'")
                        .hasStackTraceContaining("implements no service interface"));
    }

    @Test
    void anInterfaceClassTheBeanDoesNotImplementFailsStartup() {
        runner.withUserConfiguration(WrongInterfaceService.class).run(context ->
                assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("@RpcService bean 'wrongInterface' cannot be served")
                        .hasStackTraceContaining("does not implement it"));
    }

    @Test
    void aWeightOutsideTheRegistryRangeFailsStartup() {
        runner.withUserConfiguration(HeavyService.class).run(context ->
                assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("has weight 20000"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anAopProxiedBeanIsServedByItsTargetsInterface(boolean proxyTargetClass) {
        runner.withUserConfiguration(GreeterImpl.class, ProxyingConfiguration.class)
                .withPropertyValues("test.proxy-target-class=" + proxyTargetClass).run(context -> {
            Object bean = context.getBean("greeterImpl");
            assertThat(proxyTargetClass ? AopUtils.isCglibProxy(bean) : AopUtils.isJdkDynamicProxy(bean)).isTrue();
            RpcServer server = context.getBean(RpcServer.class);
            assertThat(server.services()).extracting(ExposedService::serviceKey)
                    .containsExactly(Greeter.class.getName());
            try (RpcClient client = RpcClient.builder().build()) {
                // Calls go through the proxy: the advice upper-cases the answer.
                assertThat(greeter(client, server).greet("ann")).isEqualTo("HELLO ANN");
            }
        });
    }

    @Test
    void customizersAndCallListenersAreAppliedInOrder() {
        runner.withUserConfiguration(GreeterImpl.class, CustomizerConfiguration.class).run(context -> {
            RpcServer server = context.getBean(RpcServer.class);
            try (RpcClient client = RpcClient.builder().build()) {
                greeter(client, server).greet("ann");
            }
            List<String> heard = context.getBean(CustomizerConfiguration.class).heard;
            await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 3);
            assertThat(heard).containsExactly("listener bean", "first customizer", "second customizer");
        });
    }

    @Test
    void backsOffToTheApplicationsOwnServer() {
        runner.withUserConfiguration(GreeterImpl.class, OwnServerConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(RpcServer.class);
            RpcServer server = context.getBean(RpcServer.class);
            assertThat(server).isSameAs(context.getBean(OwnServerConfiguration.class).server);
            assertThat(server.isRunning()).isTrue();
            assertThat(server.services()).hasSize(1);
        });
    }

    @Test
    void listenersHearOfTheStartOnceListeningAndOfTheStopWhileStillServing() {
        runner.withUserConfiguration(GreeterImpl.class, RecordingListener.class).run(context -> {
            RecordingListener listener = context.getBean(RecordingListener.class);
            RpcServer server = context.getBean(RpcServer.class);
            assertThat(listener.events).containsExactly("started listening=true services=1");
            context.close();
            assertThat(listener.events).containsExactly("started listening=true services=1",
                    "stopping listening=true");
            assertThat(server.isRunning()).isFalse();
        });
    }

    @Test
    void serverInterceptorBeansRunInOrderAndTheMetadataLimitsComeFromTheProperties() {
        runner.withUserConfiguration(GreeterImpl.class, OrderedInterceptors.class)
                .withPropertyValues("rpc.server.max-metadata-entries=2", "rpc.server.max-metadata-size=64B")
                .run(context -> {
                    RpcServer server = context.getBean(RpcServer.class);
                    assertThat(context.getBean(CurrentCall.class)).isSameAs(server.currentCall());
                    try (RpcClient client = RpcClient.builder().build()) {
                        Greeter greeter = greeter(client, server);
                        try (MetadataScope scope = client.withMetadata(Metadata.of("x-a", "1", "x-b", "2"))) {
                            assertThat(greeter.greet("ann")).isEqualTo("hello ann");
                            try (MetadataScope more = client.withMetadata(Metadata.of("x-c", "3"))) {
                                assertThatThrownBy(() -> greeter.greet("bob")).isInstanceOf(RpcException.class)
                                        .hasMessageContaining("3 metadata entries, over this server's limit of 2");
                            }
                        }
                        try (MetadataScope scope = client.withMetadata(Metadata.of("x-a", "v".repeat(100)))) {
                            assertThatThrownBy(() -> greeter.greet("cy")).isInstanceOf(RpcException.class)
                                    .hasMessageContaining("limit of 64 bytes");
                        }
                    }
                    assertThat(context.getBean(OrderedInterceptors.class).order).containsExactly("first", "second");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderedInterceptors {
        final List<String> order = new CopyOnWriteArrayList<>();

        @Bean
        @Order(2)
        ServerInterceptor second() {
            return (call, next) -> {
                order.add("second");
                return next.invoke(call);
            };
        }

        @Bean
        @Order(1)
        ServerInterceptor first() {
            return (call, next) -> {
                order.add("first");
                return next.invoke(call);
            };
        }
    }

    @Test
    void aServiceNamingAnExecutorRunsOnThatBulkheadAndIsBusyPastItsBound() {
        runner.withUserConfiguration(ReportsGreeter.class)
                .withPropertyValues("rpc.server.executors.reports.threads=1",
                        "rpc.server.executors.reports.queue-capacity=0")
                .run(context -> {
                    RpcServer server = context.getBean(RpcServer.class);
                    try (RpcClient client = RpcClient.builder().cluster("failfast").build()) {
                        Greeter greeter = greeter(client, server);
                        CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> greeter.slow(1000));
                        await().atMost(Duration.ofSeconds(5)).until(() -> server.callsInFlight() == 1);
                        assertThatThrownBy(() -> greeter.greet("bob")).isInstanceOf(RpcException.class)
                                .hasMessageContaining("executor 'reports'");
                        assertThat(running.get(5, TimeUnit.SECONDS)).isEqualTo("slept 1000");
                    }
                });
    }

    @Test
    void anExecutorThatIsNotDeclaredStopsTheStartNamingTheBean() {
        runner.withUserConfiguration(ReportsGreeter.class).run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("'reports'").hasMessageContaining("[default]"));
    }

    @Test
    void theLimitPropertiesReachTheServer() {
        runner.withUserConfiguration(GreeterImpl.class)
                .withPropertyValues("rpc.server.max-connections=7", "rpc.server.max-connections-per-address=3",
                        "rpc.server.max-calls-per-connection=9", "rpc.server.memory-budget=2MB",
                        "rpc.server.slow-reader-timeout=4s")
                .run(context -> {
                    var limits = context.getBean(RpcServer.class).settings().limits();
                    assertThat(limits.maxConnections()).isEqualTo(7);
                    assertThat(limits.maxConnectionsPerAddress()).isEqualTo(3);
                    assertThat(limits.maxCallsPerConnection()).isEqualTo(9);
                    assertThat(limits.memoryBudget()).isEqualTo(2L * 1024 * 1024);
                    assertThat(limits.slowReaderTimeout()).hasSeconds(4);
                });
    }

    @Test
    void onJdk17VirtualThreadsAreNotRequestedEvenWhenEnabled() {
        // spring.threads.virtual.enabled is honoured on JDK 21+ only (Spring Boot's own rule); below it the
        // platform pools stay, and nothing fails.
        runner.withUserConfiguration(GreeterImpl.class).withPropertyValues("spring.threads.virtual.enabled=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    boolean jdk21 = Runtime.version().feature() >= 21;
                    assertThat(context.containsBean(RpcServerAutoConfiguration.VIRTUAL_THREADS)).isEqualTo(jdk21);
                });
    }

    /** A Greeter on the "reports" executor. */
    @RpcService(executor = "reports")
    static class ReportsGreeter extends GreeterImpl {
        ReportsGreeter() {
            super("reports");
        }
    }

    private static Greeter greeter(RpcClient client, RpcServer server) {
        return client.proxy(Greeter.class, "tcp://127.0.0.1:" + server.port());
    }

    @RpcService(interfaceClass = Greeter.class, version = "2.0")
    static class VersionedClockGreeter extends GreeterImpl implements Clock {
        VersionedClockGreeter() {
            super("versioned");
        }

        @Override
        public long now() {
            return 0;
        }
    }

    @RpcService("ambiguous")
    static class AmbiguousService extends GreeterImpl implements Clock {
        AmbiguousService() {
            super("ambiguous");
        }

        @Override
        public long now() {
            return 0;
        }
    }

    @RpcService("noInterface")
    static class NoInterfaceService {
    }

    @RpcService(value = "wrongInterface", interfaceClass = Clock.class)
    static class WrongInterfaceService extends GreeterImpl {
        WrongInterfaceService() {
            super("wrong");
        }
    }

    @RpcService(weight = 20_000)
    static class HeavyService extends GreeterImpl {
        HeavyService() {
            super("heavy");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ProxyingConfiguration {
        @Bean
        static BeanPostProcessor upperCasingProxies(Environment environment) {
            boolean proxyTargetClass = environment.getProperty("test.proxy-target-class", Boolean.class, false);
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (!(bean instanceof Greeter)) {
                        return bean;
                    }
                    ProxyFactory factory = new ProxyFactory(bean);
                    factory.setProxyTargetClass(proxyTargetClass);
                    factory.addAdvice((org.aopalliance.intercept.MethodInterceptor) invocation -> {
                        Object result = invocation.proceed();
                        return result instanceof String text ? text.toUpperCase(java.util.Locale.ROOT) : result;
                    });
                    return factory.getProxy();
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomizerConfiguration {
        final List<String> heard = new CopyOnWriteArrayList<>();

        @Bean
        CallListener listenerBean() {
            return (service, method, status, nanos) -> heard.add("listener bean");
        }

        @Bean
        @Order(2)
        RpcServerCustomizer second() {
            return builder -> builder.callListener((service, method, status, nanos) -> heard.add("second customizer"));
        }

        @Bean
        @Order(1)
        RpcServerCustomizer first() {
            return builder -> builder.callListener((service, method, status, nanos) -> heard.add("first customizer"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnServerConfiguration {
        final RpcServer server = RpcServer.builder().host("127.0.0.1").port(0).build();

        @Bean
        RpcServer ownServer() {
            return server;
        }
    }

    static class RecordingListener implements RpcServerListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void serverStarted(RpcServer server, List<ExportedService> services) {
            events.add("started listening=" + server.isRunning() + " services=" + services.size());
        }

        @Override
        public void serverStopping(RpcServer server) {
            events.add("stopping listening=" + server.isRunning());
        }
    }

    @Test
    void theRpcPortAnswersJsonCallsOverHttpByDefault() {
        runner.withUserConfiguration(GreeterImpl.class).run(context -> {
            int port = context.getBean(RpcServer.class).port();
            HttpResponse<String> response = http(port, HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/rpc/" + Greeter.class.getName() + "/greet"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[\"http\"]")));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("\"hello http\"");
        });
    }

    @Test
    void httpEnabledFalseTurnsOffTheWholeHttpSurface() {
        runner.withUserConfiguration(GreeterImpl.class).withPropertyValues("rpc.server.http.enabled=false")
                .run(context -> {
                    RpcServer server = context.getBean(RpcServer.class);
                    for (String path : List.of("/rpc", "/debug/rpc")) {
                        HttpResponse<String> response = http(server.port(), HttpRequest
                                .newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET());
                        assertThat(response.statusCode()).as(path).isEqualTo(404);
                        assertThat(response.body()).as(path).contains("HTTP is turned off");
                    }
                    try (RpcClient client = RpcClient.builder().build()) {
                        assertThat(greeter(client, server).greet("binary")).isEqualTo("hello binary");
                    }
                });
    }

    private static HttpResponse<String> http(int port, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}

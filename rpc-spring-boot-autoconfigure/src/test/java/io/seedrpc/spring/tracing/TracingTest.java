package io.seedrpc.spring.tracing;

import brave.Span.Kind;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import io.seedrpc.Metadata;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.client.MetadataScope;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.server.ServerInterceptor;
import io.seedrpc.spring.annotation.RpcReference;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tracing as an application gets it from the starter, the actuator and Micrometer Tracing's Brave bridge, with
 * spans reported to memory: a consumer application calls two provider applications, one of which refuses every
 * call with {@code SERVER_BUSY} so that failover retries on the other. For both codecs and for a synchronous and an
 * asynchronous method, every call is one consumer span (kind CLIENT), and every provider span (kind SERVER, one per
 * attempt) is in its trace as its child; the method sees its server span as the current span, and the metadata
 * the consumer set.
 */
@ExtendWith(NoLeakedThreads.class)
class TracingTest {

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    @AfterEach
    void close() {
        contexts.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void consumerAndProviderSpansShareOneTraceParentToChildAcrossCodecsAsyncAndFailover() throws Exception {
        ConfigurableApplicationContext busy = start(BusyProvider.class, "--rpc.server.host=127.0.0.1",
                "--rpc.server.port=0");
        ConfigurableApplicationContext serving = start(Provider.class, "--rpc.server.host=127.0.0.1",
                "--rpc.server.port=0");
        String addresses = "tcp://127.0.0.1:" + busy.getBean(RpcServer.class).port() + ", tcp://127.0.0.1:"
                + serving.getBean(RpcServer.class).port();
        ConfigurableApplicationContext consumer = start(Consumer.class,
                "--rpc.client.providers." + Traced.class.getName() + "=" + addresses,
                "--rpc.client.load-balance=round-robin", "--rpc.client.cluster=failover",
                "--rpc.client.timeout=5s");
        Consumer.Caller caller = consumer.getBean(Consumer.Caller.class);
        List<MutableSpan> consumerSpans = consumer.getBean(Spans.class).reported;
        List<MutableSpan> busySpans = busy.getBean(Spans.class).reported;
        List<MutableSpan> servingSpans = serving.getBean(Spans.class).reported;

        int retried = 0;
        for (Traced traced : List.of(caller.kryo, caller.json)) {
            for (int call = 0; call < 4; call++) {
                String seen;
                try (MetadataScope scope = consumer.getBean(RpcClient.class)
                        .withMetadata(Metadata.of("x-tenant", "acme-" + call))) {
                    seen = call % 2 == 0 ? traced.seen() : traced.seenLater().get();
                }
                String[] parts = seen.split("/");
                String traceId = parts[0];
                String serverSpanId = parts[1];
                assertThat(parts[2]).as("metadata read on the provider").isEqualTo("acme-" + call);

                await().atMost(Duration.ofSeconds(5)).until(() -> spansOf(servingSpans, traceId).size() == 1
                        && spansOf(consumerSpans, traceId).size() == 1);
                MutableSpan client = spansOf(consumerSpans, traceId).get(0);
                assertThat(client.kind()).isEqualTo(Kind.CLIENT);
                assertThat(client.parentId()).as("the consumer span is the root here").isNull();
                assertThat(client.name()).isEqualTo(Traced.class.getName() + "/" + (call % 2 == 0 ? "seen" : "seenLater"));
                assertThat(client.tag("status")).isEqualTo("OK");

                MutableSpan server = spansOf(servingSpans, traceId).get(0);
                assertThat(server.kind()).isEqualTo(Kind.SERVER);
                assertThat(server.id()).as("the span current in the method").isEqualTo(serverSpanId);
                assertThat(server.parentId()).as("server span's parent").isEqualTo(client.id());
                assertThat(server.tag("rpc.method")).isEqualTo(call % 2 == 0 ? "seen" : "seenLater");

                List<MutableSpan> refused = spansOf(busySpans, traceId);
                if (!refused.isEmpty()) {
                    retried++;
                    assertThat(refused).singleElement().satisfies(attempt -> {
                        assertThat(attempt.kind()).isEqualTo(Kind.SERVER);
                        assertThat(attempt.parentId()).isEqualTo(client.id());
                        assertThat(attempt.tag("status")).isEqualTo("SERVER_BUSY");
                        assertThat(attempt.error()).isInstanceOf(RpcException.class);
                    });
                }
            }
        }
        // Round-robin over the two providers: every second call tries the refusing one first.
        assertThat(retried).isEqualTo(4);
        assertThat(consumerSpans).hasSize(8);
    }

    private static List<MutableSpan> spansOf(List<MutableSpan> spans, String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    private ConfigurableApplicationContext start(Class<?> application, String... properties) {
        List<String> args = new ArrayList<>(List.of(properties));
        args.add("--spring.config.name=tracing-test");
        args.add("--spring.main.banner-mode=off");
        args.add("--management.tracing.sampling.probability=1.0");
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .run(args.toArray(String[]::new));
        contexts.add(context);
        return context;
    }

    /** Every span the application's tracer finishes, in memory: Brave's reporter seam. */
    static final class Spans extends SpanHandler {
        final List<MutableSpan> reported = new CopyOnWriteArrayList<>();

        @Override
        public boolean end(TraceContext context, MutableSpan span, Cause cause) {
            reported.add(span);
            return true;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(TracedImpl.class)
    static class Provider {
        @Bean
        Spans spans() {
            return new Spans();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(TracedImpl.class)
    static class BusyProvider {
        @Bean
        Spans spans() {
            return new Spans();
        }

        @Bean
        ServerInterceptor refuseEverything() {
            return (call, next) -> CompletableFuture.failedFuture(new RpcException(StatusCode.SERVER_BUSY,
                    "this provider refuses every call"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Consumer.Caller.class)
    static class Consumer {
        @Bean
        Spans spans() {
            return new Spans();
        }

        static class Caller {
            @RpcReference
            Traced kryo;

            @RpcReference(codec = "json")
            Traced json;
        }
    }
}

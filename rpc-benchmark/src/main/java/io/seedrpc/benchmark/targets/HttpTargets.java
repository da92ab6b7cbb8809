package io.seedrpc.benchmark.targets;

import io.seedrpc.benchmark.Target;
import io.seedrpc.benchmark.TargetProvider;
import io.seedrpc.benchmark.echo.EchoService;
import io.seedrpc.benchmark.echo.Payload;
import io.seedrpc.benchmark.echo.SmallObject;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP row: {@code seedrpc-kryo}'s server, called with JSON over HTTP/1.1 on the same port
 * ({@code POST /rpc/<service>/<method>}) by the JDK's {@link HttpClient}, which keeps connections alive and, HTTP/1.1
 * having no multiplexing, holds one connection per call in flight. Set against {@code seedrpc-json} (the same JSON
 * codec over the binary protocol), the difference is what HTTP costs.
 */
public final class HttpTargets implements TargetProvider {

    @Override
    public List<Target> targets() {
        return List.of(new HttpTarget());
    }

    private static final class HttpTarget implements Target {

        @Override
        public String name() {
            return "seedrpc-http";
        }

        @Override
        public String description() {
            return "seedrpc-kryo's server; JSON over HTTP/1.1 on the RPC port from the JDK HttpClient, keep-alive, "
                    + "one connection per call in flight, Content-Type application/json, Rpc-Timeout 10s";
        }

        @Override
        public Kind kind() {
            return Kind.SEEDRPC;
        }

        @Override
        public Server startServer() {
            return SeedRpcTargets.startEchoServer(false);
        }

        @Override
        public Client connect(int port) throws Exception {
            HttpEchoClient client = new HttpEchoClient(port);
            client.checkOnce();
            return client;
        }
    }

    /** Sends prepared requests; every request object is immutable and reused by every caller. */
    private static final class HttpEchoClient implements Target.Client {

        private final JsonMapper mapper = JsonMapper.builder().build();
        private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "bench-http-client");
            thread.setDaemon(true);
            return thread;
        });
        private final HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
        private final HttpRequest textRequest;
        private final String textAnswer;
        private final HttpRequest objectRequest;

        HttpEchoClient(int port) {
            String base = "http://127.0.0.1:" + port + "/rpc/" + EchoService.class.getName() + "/";
            textRequest = request(base + "echo", mapper.writeValueAsString(List.of(Payload.TEXT)));
            textAnswer = mapper.writeValueAsString(Payload.TEXT);
            objectRequest = request(base + "echoObject", mapper.writeValueAsString(List.of(Payload.OBJECT_VALUE)));
        }

        private static HttpRequest request(String uri, String json) {
            return HttpRequest.newBuilder(URI.create(uri))
                    .header("Content-Type", "application/json")
                    .header("Rpc-Timeout", "10s")
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build();
        }

        /** One call of each payload, so a broken path fails here rather than in the first measured call. */
        void checkOnce() throws Exception {
            for (Payload payload : Payload.values()) {
                java.util.concurrent.CompletableFuture<Throwable> result = new java.util.concurrent.CompletableFuture<>();
                echo(payload, result::complete);
                Throwable failure = result.get(10, TimeUnit.SECONDS);
                if (failure != null) {
                    throw new IllegalStateException("seedrpc-http cannot echo " + payload.id(), failure);
                }
            }
        }

        @Override
        public void echo(Payload payload, Target.Completion done) {
            HttpRequest request = payload == Payload.STRING ? textRequest : objectRequest;
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                if (failure != null) {
                    done.complete(failure);
                } else if (response.statusCode() != 200) {
                    done.complete(new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body()));
                } else if (payload == Payload.STRING) {
                    Echoes.finish(done, textAnswer, response.body(), null);
                } else {
                    finishObject(done, response.body());
                }
            });
        }

        private void finishObject(Target.Completion done, String body) {
            SmallObject answer;
            try {
                answer = mapper.readValue(body, SmallObject.class);
            } catch (RuntimeException e) {
                done.complete(e);
                return;
            }
            Echoes.finish(done, Payload.OBJECT_VALUE, answer, null);
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }
}

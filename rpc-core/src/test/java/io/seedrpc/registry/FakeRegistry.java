package io.seedrpc.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry stand-in on the JDK's HTTP server, on loopback: enough of the API for the client and the heartbeat
 * sender, with switches to make it fail. Records every request as {@code "METHOD path"}.
 */
final class FakeRegistry implements AutoCloseable {

    enum Mode { NORMAL, FAIL_503, GARBAGE, SLOW }

    private static final Pattern ID_FIELD = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final Set<String> known = ConcurrentHashMap.newKeySet();
    volatile Mode mode = Mode.NORMAL;
    volatile String instancesAnswer = "{\"index\":0,\"instances\":[]}";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    FakeRegistry() throws IOException {
        this(0);
    }

    FakeRegistry(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    long count(String prefix) {
        return requests.stream().filter(request -> request.startsWith(prefix)).count();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(method + " " + path + (query == null ? "" : "?" + query));
            bodies.add(body);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "" : auth);
            switch (mode) {
                case FAIL_503 -> {
                    send(exchange, 503, "{\"status\":503,\"message\":\"down for maintenance\"}");
                    return;
                }
                case GARBAGE -> {
                    send(exchange, 200, "<html>not json</html>");
                    return;
                }
                case SLOW -> {
                    Thread.sleep(2_000);
                    send(exchange, 200, "{}");
                    return;
                }
                default -> { }
            }
            if (method.equals("POST") && path.equals("/api/v1/instances")) {
                Matcher id = ID_FIELD.matcher(body);
                String assigned = id.find() ? id.group(1) : "derived-id";
                boolean created = known.add(assigned);
                send(exchange, created ? 201 : 200, "{\"id\":\"" + assigned + "\",\"ttlMs\":15000}");
            } else if (method.equals("PUT") && path.endsWith("/heartbeat")) {
                String id = path.substring("/api/v1/instances/".length(), path.length() - "/heartbeat".length());
                send(exchange, known.contains(id) ? 200 : 404, "{\"status\":404,\"message\":\"unknown\"}");
            } else if (method.equals("DELETE")) {
                known.remove(path.substring("/api/v1/instances/".length()));
                send(exchange, 204, null);
            } else if (method.equals("GET") && path.equals("/api/v1/services")) {
                send(exchange, 200, "{\"services\":[{\"name\":\"a.B\",\"instances\":2}]}");
            } else if (method.equals("GET") && path.endsWith("/instances")) {
                send(exchange, 200, instancesAnswer);
            } else {
                send(exchange, 404, "{\"status\":404,\"message\":\"no such path\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}

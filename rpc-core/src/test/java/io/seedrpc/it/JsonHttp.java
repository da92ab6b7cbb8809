package io.seedrpc.it;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A JDK {@link HttpClient} (HTTP/1.1, keep-alive) calling one server's JSON endpoints, for tests. */
final class JsonHttp {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;

    JsonHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** {@code POST /rpc/<service>/<method>} with a JSON body and any extra headers (name, value, ...). */
    HttpResponse<String> call(String service, String method, String json, String... headers)
            throws IOException, InterruptedException {
        return client.send(callRequest(service, method, json, headers), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> callAsync(String service, String method, String json, String... headers) {
        return client.sendAsync(callRequest(service, method, json, headers), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest callRequest(String service, String method, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/rpc/" + service + "/" + method))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return request.build();
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) {
        return MAPPER.readTree(response.body());
    }

    static String toJson(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** The error body's three fields. */
    static Map<String, String> error(HttpResponse<String> response) {
        JsonNode body = json(response);
        return Map.of("status", body.path("status").asString(), "message", body.path("message").asString(),
                "remoteClass", body.path("remoteClass").isNull() ? "null" : body.path("remoteClass").asString());
    }
}

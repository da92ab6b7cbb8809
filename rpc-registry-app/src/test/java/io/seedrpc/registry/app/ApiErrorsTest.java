package io.seedrpc.registry.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every {@code /api/**} path answers JSON with the right status, whatever the path looks like: 401 without the
 * token when one is needed, 404 for what does not exist, 405 for a wrong method — never a 500, never HTML.
 * Requests are written byte for byte on a socket, so no client library tidies the odd paths first.
 */
class ApiErrorsTest {

    private static RunningRegistry open;
    private static RunningRegistry protectedReads;

    @BeforeAll
    static void start() {
        open = RunningRegistry.start();
        protectedReads = RunningRegistry.start("rpc.registry.auth-token=s3cret", "rpc.registry.protect-reads=true");
    }

    @AfterAll
    static void stop() {
        open.close();
        protectedReads.close();
    }

    @ParameterizedTest(name = "{0} {1} without a token -> {2}")
    @CsvSource({
            "GET, /api/v1/instances/, 401",
            "GET, /api/v1/instances//, 401",
            "GET, /api//v1/instances, 401",
            "GET, /api/v1/./instances, 401",
            "GET, /api/v1/instances.json, 401",
            "GET, /api/v1/services.json, 401",
            "GET, /api/v1/services/a.B/instances.json, 401",
            "GET, /api/v1/nothing, 401",
            "GET, /api/, 401",
            "GET, /api, 401",
            "DELETE, /api/v1/services, 401",
            "GET, /api/v1/services, 401",
    })
    void withProtectedReadsEveryApiPathWantsTheTokenFirst(String method, String path, int status) throws IOException {
        assertJsonError(protectedReads, method, path, null, status);
    }

    @ParameterizedTest(name = "{0} {1} with the token -> {2}")
    @CsvSource({
            "GET, /api/v1/instances/, 404",
            "GET, /api/v1/instances.json, 404",
            "GET, /api/v1/services.json, 404",
            "GET, /api/v1/nothing, 404",
            "GET, /api/, 404",
            "DELETE, /api/v1/services, 405",
            "PATCH, /api/v1/instances, 405",
            "POST, /api/v1/services, 405",
    })
    void withTheTokenUnknownPathsAre404AndWrongMethods405(String method, String path, int status) throws IOException {
        assertJsonError(protectedReads, method, path, "s3cret", status);
    }

    @ParameterizedTest(name = "{0} {1} on an open registry -> {2}")
    @CsvSource({
            "GET, /api/v1/instances/, 404",
            "GET, /api/v1/instances//, 404",
            "GET, /api//v1/instances, 404",
            "GET, /api/v1/./instances, 404",
            "GET, /api/v1/instances.json, 404",
            "GET, /api/v1/services/a.B/instances.json, 404",
            "GET, /api/v1/%2e%2e/instances, 404",
            "GET, /api/v1/instances/%2F, 400",
            "GET, /api/v1/instances/%5C, 400",
            "GET, /api/..;/v1/instances, 404",
            "PUT, /api/v1/services, 405",
    })
    void anOpenRegistryAnswersOddPathsWithJsonToo(String method, String path, int status) throws IOException {
        assertJsonError(open, method, path, null, status);
    }

    @ParameterizedTest(name = "a browser asking for HTML at {1} gets JSON {2}")
    @CsvSource({
            "GET, /api/v1/instances/, 404",
            "GET, /api/v1/instances/%2F, 400",
            "PUT, /api/v1/services, 405",
    })
    void aBrowserAskingForHtmlGetsTheApisJsonToo(String method, String path, int status) throws IOException {
        browserAccept = true;
        try {
            assertJsonError(open, method, path, null, status);
        } finally {
            browserAccept = false;
        }
    }

    private static boolean browserAccept;

    private static void assertJsonError(RunningRegistry registry, String method, String path, String token,
                                        int status) throws IOException {
        String response = exchange(registry, method, path, token);
        String head = response.substring(0, Math.max(0, response.indexOf("\r\n\r\n")));
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(head).as(response).startsWith("HTTP/1.1 " + status + " ");
        assertThat(head.toLowerCase()).as(response).contains("content-type: application/json");
        if (head.toLowerCase().contains("transfer-encoding: chunked")) {
            body = body.substring(body.indexOf("\r\n") + 2);
        }
        assertThat(body).as(response).contains("\"status\":" + status).contains("\"message\":")
                .doesNotContain("<html").doesNotContain("Exception");
    }

    private static String exchange(RunningRegistry registry, String method, String path, String token)
            throws IOException {
        try (Socket socket = new Socket("127.0.0.1", registry.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                    + (browserAccept ? "Accept: text/html,application/xhtml+xml,*/*;q=0.8\r\n" : "")
                    + (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")
                    ? "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}" : "\r\n");
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

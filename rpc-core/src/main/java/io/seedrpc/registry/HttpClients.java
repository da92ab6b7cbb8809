package io.seedrpc.registry;

import java.net.http.HttpClient;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** The HTTP client the registry classes create when they are not given one. */
final class HttpClients {

    private HttpClients() {
    }

    /** @param sslContext for {@code https://} registries, {@code null} for the JDK's default */
    static HttpClient create(Duration connectTimeout, SSLContext sslContext) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        return builder.build();
    }
}

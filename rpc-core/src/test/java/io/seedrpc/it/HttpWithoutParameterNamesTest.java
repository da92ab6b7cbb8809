package io.seedrpc.it;

import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service interface compiled without {@code -parameters}: its parameter names are unknown, so the object form
 * of a body is refused with a message saying so, the array form works, and {@code GET /rpc} tells which is which.
 */
@ExtendWith(NoLeakedThreads.class)
class HttpWithoutParameterNamesTest {

    @Test
    void theObjectFormIsRefusedAndTheArrayFormWorks(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("gen/Greeter.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "package gen; public interface Greeter { String greet(String name, int times); }");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "-d", dir.toString(), source.toString())).isZero();

        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> greeter = loader.loadClass("gen.Greeter");
            Object impl = Proxy.newProxyInstance(loader, new Class<?>[] {greeter},
                    (proxy, method, args) -> ((String) args[0]).repeat((Integer) args[1]));
            try (RpcServer server = serve(RpcServer.builder().host("127.0.0.1").port(0).build(), greeter, impl)
                    .start()) {
                JsonHttp http = new JsonHttp(server.port());

                HttpResponse<String> named = http.call("gen.Greeter", "greet", "{\"name\": \"hi\", \"times\": 2}");
                assertThat(named.statusCode()).isEqualTo(400);
                assertThat(JsonHttp.error(named).get("message")).contains("compiled without -parameters")
                        .contains("JSON array");

                assertThat(http.call("gen.Greeter", "greet", "[\"hi\", 2]").body()).isEqualTo("\"hihi\"");

                JsonNode method = JsonHttp.json(http.get("/rpc")).path("services").get(0).path("methods").get(0);
                assertThat(method.path("parameterNamesKnown").asBoolean()).isFalse();
                assertThat(method.path("parameters").get(0).path("name").asString()).isEqualTo("arg0");
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static RpcServer serve(RpcServer server, Class<?> type, Object impl) {
        return server.addService((Class) type, impl);
    }
}

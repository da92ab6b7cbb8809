package io.seedrpc.sample;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The sample's provider called the way another language calls it: with the real {@code curl} (the command
 * README's "Call it from anywhere" gives) and with {@code clients/inventory_client.py}, a Python 3 script using
 * only the standard library. Both are separate processes talking JSON over HTTP to the RPC port.
 */
class CallFromAnywhereTest {

    private static final String SERVICE = "io.seedrpc.sample.api.InventoryService";

    private static ConfigurableApplicationContext provider;
    private static String base;

    @BeforeAll
    static void startProvider() {
        provider = new SpringApplicationBuilder(SampleApplication.class).run("--spring.profiles.active=provider",
                "--rpc.server.port=0", "--rpc.server.host=127.0.0.1", "--rpc.registry.addresses=",
                "--sample.instance-name=provider-http", "--spring.main.keep-alive=false",
                "--spring.main.web-application-type=none");
        base = "http://127.0.0.1:" + provider.getBean(io.seedrpc.server.RpcServer.class).port();
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @Test
    void curlCallsAMethodWithAJsonArray() throws Exception {
        Result result = run("curl", "-sS", "-X", "POST", base + "/rpc/" + SERVICE + "/stockOf",
                "-H", "Content-Type: application/json", "-d", "[\"apple\"]");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("{\"sku\":\"apple\",\"units\":120,\"servedBy\":\"provider-http\"}");
    }

    @Test
    void curlCallsAMethodWithNamedArgumentsAndSeesTheDeclaredExceptionAs422() throws Exception {
        Result low = run("curl", "-sS", "-X", "POST", base + "/rpc/" + SERVICE + "/lowStock",
                "-H", "Content-Type: application/json", "-d", "{\"threshold\": 5}");
        assertThat(low.out()).isEqualTo("[{\"sku\":\"damson\",\"units\":3,\"servedBy\":\"provider-http\"}]");

        Result refused = run("curl", "-sS", "-w", "\n%{http_code}", "-X", "POST", base + "/rpc/" + SERVICE + "/reserve",
                "-H", "Content-Type: application/json", "-d", "{\"sku\": \"banana\", \"quantity\": 999}");
        assertThat(refused.out()).endsWith("\n422")
                .contains("\"status\":\"APPLICATION_ERROR\"")
                .contains("\"remoteClass\":\"io.seedrpc.sample.api.OutOfStockException\"")
                .contains("999 asked");
    }

    @Test
    void curlReadsTheDescription() throws Exception {
        Result description = run("curl", "-sS", base + "/rpc");

        assertThat(description.exitCode()).isZero();
        assertThat(description.out()).contains("\"serviceKey\" : \"" + SERVICE + "\"")
                .contains("\"path\" : \"/rpc/" + SERVICE + "/reserve\"")
                .contains("\"name\" : \"quantity\"");
    }

    @Test
    void aPythonStandardLibraryScriptCallsEveryMethod() throws Exception {
        Result result = run("python3", "clients/inventory_client.py", base);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("stockOf apple: 120 units, served by provider-http")
                .contains("lowStock(10): banana=8, damson=3")
                .contains("reserve cherry x5: reservation ")
                .contains("reserveAsync cherry x1: 1 unit(s)")
                .contains("reserve damson x1000: HTTP 422 APPLICATION_ERROR io.seedrpc.sample.api.OutOfStockException:"
                        + " only 3 units of damson left, 1000 asked");
    }

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Path err = Files.createTempFile("call-from-anywhere", ".err");
        try {
            Process process = new ProcessBuilder(new ArrayList<>(List.of(command)))
                    .redirectError(err.toFile())
                    .start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(command[0] + " did not finish within 30 s");
            }
            return new Result(process.exitValue(), out.strip(), Files.readString(err));
        } catch (IOException notInstalled) {
            throw new AssertionError(command[0] + " cannot be run (" + notInstalled.getMessage()
                    + "); .ci/run installs it when missing", notInstalled);
        } finally {
            Files.deleteIfExists(err);
        }
    }
}

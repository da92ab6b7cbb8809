package io.seedrpc.registry.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedrpc.registry.app.Http.Answer;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Every endpoint of the REST API over real HTTP, with small limits so that each one can be hit. */
class ApiTest {

    private static final String CALCULATOR = "{\"host\":\"10.0.0.5\",\"port\":9100,"
            + "\"services\":[\"com.acme.Calculator\",\"com.acme.Orders:2.0\"],\"weight\":100,\"metadata\":{\"zone\":\"a\"}}";

    private static RunningRegistry registry;
    private static Http http;

    @BeforeAll
    static void startRegistry() {
        registry = RunningRegistry.start(
                "rpc.registry.default-wait=300ms",
                "rpc.registry.max-wait=1s",
                "rpc.registry.limits.max-instances=5",
                "rpc.registry.limits.max-services-per-instance=4",
                "rpc.registry.limits.max-service-name-length=64",
                "rpc.registry.limits.max-metadata-entries=3",
                "rpc.registry.limits.max-body-size=2KB");
        http = new Http(registry.uri());
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @BeforeEach
    void emptyRegistry() {
        registry.clear();
    }

    @Test
    void registersANewInstanceWith201AndRefreshesItWith200() {
        Answer created = http.post("/api/v1/instances", CALCULATOR);
        Answer refreshed = http.post("/api/v1/instances", CALCULATOR);

        assertThat(created.status()).isEqualTo(201);
        assertThat(refreshed.status()).isEqualTo(200);
        String derived = UUID.nameUUIDFromBytes("10.0.0.5:9100".getBytes()).toString();
        assertThat(created.json().get("id").asString()).isEqualTo(derived);
        assertThat(created.json().get("ttlMs").asLong()).isEqualTo(15_000);
        assertThat(refreshed.json().get("id").asString()).isEqualTo(derived);
    }

    @Test
    void keepsAnIdTheProviderChose() {
        Answer answer = http.post("/api/v1/instances",
                "{\"id\":\"orders-1\",\"host\":\"h1\",\"port\":1,\"services\":[\"a.B\"]}");

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.json().get("id").asString()).isEqualTo("orders-1");
        JsonNode listed = http.get("/api/v1/services/a.B/instances").json().get("instances").get(0);
        assertThat(listed.get("id").asString()).isEqualTo("orders-1");
        assertThat(listed.get("weight").asInt()).isEqualTo(100);
        assertThat(listed.get("metadata").size()).isZero();
    }

    @Test
    void heartbeatAnswers200ForAKnownIdAnd404ForAnUnknownOne() {
        String id = http.post("/api/v1/instances", CALCULATOR).json().get("id").asString();

        Answer known = http.put("/api/v1/instances/" + id + "/heartbeat");
        Answer unknown = http.put("/api/v1/instances/nobody/heartbeat");

        assertThat(known.status()).isEqualTo(200);
        assertThat(known.json().get("ttlMs").asLong()).isEqualTo(15_000);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("field").asString()).isEqualTo("id");
        assertThat(unknown.json().get("message").asString()).contains("'nobody'", "register again");
    }

    @Test
    void deleteAnswers204AndRemovesTheInstanceFromEveryService() {
        String id = http.post("/api/v1/instances", CALCULATOR).json().get("id").asString();

        assertThat(http.delete("/api/v1/instances/" + id).status()).isEqualTo(204);
        assertThat(http.delete("/api/v1/instances/" + id).status()).isEqualTo(204);
        assertThat(http.get("/api/v1/services").json().get("services").size()).isZero();
        assertThat(http.put("/api/v1/instances/" + id + "/heartbeat").status()).isEqualTo(404);
    }

    @Test
    void listsServicesWithTheirLiveInstanceCounts() {
        http.post("/api/v1/instances", CALCULATOR);
        http.post("/api/v1/instances", "{\"host\":\"10.0.0.6\",\"port\":9100,\"services\":[\"com.acme.Orders:2.0\"]}");

        Answer answer = http.get("/api/v1/services");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"services\":[{\"name\":\"com.acme.Calculator\",\"instances\":1},"
                + "{\"name\":\"com.acme.Orders:2.0\",\"instances\":2}]}");
    }

    @Test
    void listsTheInstancesOfAServiceWithItsIndex() {
        long before = System.currentTimeMillis();
        http.post("/api/v1/instances", CALCULATOR);

        Answer answer = http.get("/api/v1/services/com.acme.Orders:2.0/instances");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.get("index").asLong()).isPositive();
        JsonNode instance = body.get("instances").get(0);
        assertThat(instance.get("host").asString()).isEqualTo("10.0.0.5");
        assertThat(instance.get("port").asInt()).isEqualTo(9100);
        assertThat(instance.get("weight").asInt()).isEqualTo(100);
        assertThat(instance.get("metadata").get("zone").asString()).isEqualTo("a");
        assertThat(instance.get("lastHeartbeatMs").asLong()).isBetween(before, System.currentTimeMillis());
    }

    @Test
    void aServiceWithoutInstancesHasIndexZeroAndAnEmptyList() {
        assertThat(http.get("/api/v1/services/com.acme.Nothing/instances").body())
                .isEqualTo("{\"index\":0,\"instances\":[]}");
    }

    @Test
    void listsEveryInstanceWithTheRegistryWideIndex() {
        http.post("/api/v1/instances", CALCULATOR);
        http.post("/api/v1/instances", "{\"host\":\"10.0.0.6\",\"port\":9100,\"services\":[\"x.Y\"]}");

        JsonNode body = http.get("/api/v1/instances").json();

        assertThat(body.get("instances").size()).isEqualTo(2);
        assertThat(body.get("index").asLong()).isGreaterThanOrEqualTo(
                http.get("/api/v1/services/x.Y/instances").json().get("index").asLong());
    }

    @Test
    void aBlockingQueryAtTheCurrentIndexAnswersUnchangedWhenTheWaitEnds() {
        http.post("/api/v1/instances", CALCULATOR);
        long index = http.get("/api/v1/services/com.acme.Calculator/instances").json().get("index").asLong();

        long started = System.nanoTime();
        Answer answer = http.get("/api/v1/services/com.acme.Calculator/instances?index=" + index + "&wait=400ms");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(answer.json().get("index").asLong()).isEqualTo(index);
        assertThat(took).isBetween(Duration.ofMillis(350), Duration.ofMillis(1500));
    }

    @Test
    void aBlockingQueryWithAnOtherIndexAnswersAtOnce() {
        http.post("/api/v1/instances", CALCULATOR);
        long index = http.get("/api/v1/services/com.acme.Calculator/instances").json().get("index").asLong();

        long started = System.nanoTime();
        Answer answer = http.get("/api/v1/services/com.acme.Calculator/instances?index=" + (index - 1) + "&wait=1s");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
        assertThat(answer.json().get("index").asLong()).isEqualTo(index);
    }

    @Test
    void aBlockingQueryWaitsNoLongerThanTheMaximum() {
        long started = System.nanoTime();
        Answer answer = http.get("/api/v1/services/com.acme.Nothing/instances?index=0&wait=2m");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
    }

    @Test
    void aBlockingQueryWithoutWaitUsesTheDefault() {
        long started = System.nanoTime();
        http.get("/api/v1/services/com.acme.Nothing/instances?index=0");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(250), Duration.ofMillis(1500));
        assertThat(registry.waitingQueries()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badQueries")
    void refusesQueryParametersItDoesNotUnderstand(String query, String field) {
        Answer answer = http.get("/api/v1/services/a.B/instances?" + query);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.json().get("field").asString()).isEqualTo(field);
    }

    static Stream<Arguments> badQueries() {
        return Stream.of(
                Arguments.of("index=0&wait=soon", "wait"),
                Arguments.of("index=0&wait=30", "wait"),
                Arguments.of("index=0&wait=-1s", "wait"),
                Arguments.of("index=0&wait=1h", "wait"),
                Arguments.of("index=abc&wait=1s", "index"),
                Arguments.of("index=-1", "index"),
                Arguments.of("index=99999999999999999999", "index"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRegistrations")
    void refusesBadRegistrationsNamingTheFieldAndDisturbsNothing(String what, String body, String field,
                                                                  String messagePart) {
        http.post("/api/v1/instances", CALCULATOR);
        String before = http.get("/api/v1/instances").body();

        Answer answer = http.post("/api/v1/instances", body);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.json().get("status").asInt()).isEqualTo(400);
        assertThat(answer.json().get("field").asString()).isEqualTo(field);
        assertThat(answer.json().get("message").asString()).contains(messagePart);
        assertThat(http.get("/api/v1/instances").body()).isEqualTo(before);
    }

    static Stream<Arguments> badRegistrations() {
        String tooLong = "a".repeat(65);
        return Stream.of(
                Arguments.of("malformed JSON", "{\"host\":\"h\",", "body", "malformed JSON"),
                Arguments.of("trailing garbage", "{\"host\":\"h\",\"port\":1,\"services\":[\"a\"]} x", "body", "malformed"),
                Arguments.of("empty body", "", "body", "empty"),
                Arguments.of("not an object", "[1,2]", "body", "JSON object"),
                Arguments.of("missing host", "{\"port\":1,\"services\":[\"a\"]}", "host", "required"),
                Arguments.of("blank host", "{\"host\":\" \",\"port\":1,\"services\":[\"a\"]}", "host", "empty"),
                Arguments.of("host not a string", "{\"host\":7,\"port\":1,\"services\":[\"a\"]}", "host", "string"),
                Arguments.of("missing port", "{\"host\":\"h\",\"services\":[\"a\"]}", "port", "required"),
                Arguments.of("port zero", "{\"host\":\"h\",\"port\":0,\"services\":[\"a\"]}", "port", "between 1 and 65535"),
                Arguments.of("port too high", "{\"host\":\"h\",\"port\":65536,\"services\":[\"a\"]}", "port", "65536"),
                Arguments.of("port as text", "{\"host\":\"h\",\"port\":\"9100\",\"services\":[\"a\"]}", "port", "whole number"),
                Arguments.of("port fractional", "{\"host\":\"h\",\"port\":91.5,\"services\":[\"a\"]}", "port", "whole number"),
                Arguments.of("missing services", "{\"host\":\"h\",\"port\":1}", "services", "required"),
                Arguments.of("no services", "{\"host\":\"h\",\"port\":1,\"services\":[]}", "services", "at least one"),
                Arguments.of("services not an array", "{\"host\":\"h\",\"port\":1,\"services\":\"a\"}", "services", "array"),
                Arguments.of("empty service name", "{\"host\":\"h\",\"port\":1,\"services\":[\"a\",\"\"]}", "services[1]", "empty"),
                Arguments.of("over-long service name", "{\"host\":\"h\",\"port\":1,\"services\":[\"" + tooLong + "\"]}",
                        "services[0]", "65 characters long; the limit is 64"),
                Arguments.of("slash in service name", "{\"host\":\"h\",\"port\":1,\"services\":[\"a/b\"]}", "services[0]", "may not have"),
                Arguments.of("too many services", "{\"host\":\"h\",\"port\":1,\"services\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}",
                        "services", "at most 4"),
                Arguments.of("negative weight", "{\"host\":\"h\",\"port\":1,\"services\":[\"a\"],\"weight\":-1}", "weight", "between 0"),
                Arguments.of("metadata not an object", "{\"host\":\"h\",\"port\":1,\"services\":[\"a\"],\"metadata\":[]}",
                        "metadata", "JSON object"),
                Arguments.of("metadata value not a string",
                        "{\"host\":\"h\",\"port\":1,\"services\":[\"a\"],\"metadata\":{\"zone\":1}}", "metadata.zone", "string"),
                Arguments.of("too much metadata",
                        "{\"host\":\"h\",\"port\":1,\"services\":[\"a\"],\"metadata\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\",\"d\":\"4\"}}",
                        "metadata", "at most 3"),
                Arguments.of("bad id", "{\"id\":\"a b\",\"host\":\"h\",\"port\":1,\"services\":[\"a\"]}", "id", "letters"),
                Arguments.of("body over the size limit",
                        "{\"host\":\"h\",\"port\":1,\"services\":[\"a\"],\"metadata\":{\"x\":\"" + "y".repeat(3000) + "\"}}",
                        "body", "larger than the limit of 2048 bytes"),
                Arguments.of("a changed registration that is bad",
                        CALCULATOR.replace("9100", "0"), "port", "between 1"));
    }

    @Test
    void refusesANewInstanceBeyondTheLimitButStillRefreshesKnownOnes() {
        for (int i = 1; i <= 5; i++) {
            assertThat(http.post("/api/v1/instances", "{\"host\":\"h\",\"port\":" + i + ",\"services\":[\"a\"]}").status())
                    .isEqualTo(201);
        }

        Answer sixth = http.post("/api/v1/instances", "{\"host\":\"h\",\"port\":6,\"services\":[\"a\"]}");
        Answer refresh = http.post("/api/v1/instances", "{\"host\":\"h\",\"port\":5,\"services\":[\"a\"]}");

        assertThat(sixth.status()).isEqualTo(400);
        assertThat(sixth.json().get("message").asString()).contains("limit of 5 instances");
        assertThat(refresh.status()).isEqualTo(200);
        assertThat(http.get("/api/v1/services").json().get("services").get(0).get("instances").asInt()).isEqualTo(5);
    }

    @Test
    void exposesHealthAndInfo() {
        Answer health = http.get("/actuator/health");
        Answer info = http.get("/actuator/info");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.json().get("app").get("name").asString()).isEqualTo("SeedRPC registry");
    }

    @Test
    void servesTheDashboardAtTheRoot() {
        Answer page = http.get("/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<title>SeedRPC registry</title>", "dashboard.js");
        assertThat(http.get("/dashboard.js").status()).isEqualTo(200);
    }
}

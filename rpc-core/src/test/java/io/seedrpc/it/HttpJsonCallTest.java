package io.seedrpc.it;

import io.seedrpc.server.MethodStatsSnapshot;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON over HTTP on the RPC port, as a JDK {@code HttpClient} sees it: both argument styles, overloads, generic
 * types, async methods, every status of the contract, and the description at {@code GET /rpc}.
 */
@ExtendWith(NoLeakedThreads.class)
class HttpJsonCallTest {

    private static final String ORDERS = OrderService.class.getName();

    private static OrderServiceImpl impl;
    private static RpcServer server;
    private static JsonHttp http;

    @BeforeAll
    static void start() {
        impl = new OrderServiceImpl();
        server = RpcServer.builder().host("127.0.0.1").port(0).build()
                .addService(OrderService.class, impl)
                .addService(Ledger.class, new LedgerImpl(), "2.0")
                .start();
        http = new JsonHttp(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A service with a void method and several parameters, served at version 2.0. */
    public interface Ledger {
        void record(String account, long cents, Instant at);

        List<String> entries(String account);
    }

    public static final class LedgerImpl implements Ledger {
        private final List<String> entries = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void record(String account, long cents, Instant at) {
            entries.add(account + ":" + cents + "@" + at);
        }

        @Override
        public List<String> entries(String account) {
            return entries.stream().filter(e -> e.startsWith(account + ":")).toList();
        }
    }

    @Test
    void argumentsAsAnArrayInOrder() throws Exception {
        HttpResponse<String> response = http.call(ORDERS, "echo", "[\"hello\"]");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("\"hello\"");
    }

    @Test
    void argumentsAsAnObjectKeyedByParameterName() throws Exception {
        String ledger = Ledger.class.getName() + ":2.0";
        HttpResponse<String> recorded = http.call(ledger, "record",
                "{\"at\": \"2026-11-30T01:00:00Z\", \"cents\": 1250, \"account\": \"acme\"}");

        assertThat(recorded.statusCode()).isEqualTo(200);
        assertThat(recorded.body()).as("void answers null").isEqualTo("null");
        HttpResponse<String> entries = http.call(ledger, "entries", "{\"account\": \"acme\"}");
        assertThat(entries.body()).isEqualTo("[\"acme:1250@2026-11-30T01:00:00Z\"]");
    }

    @Test
    void aNamedArgumentThatIsNotAParameterIsA400NamingTheParameters() throws Exception {
        HttpResponse<String> response = http.call(Ledger.class.getName() + ":2.0", "entries", "{\"acount\": \"x\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JsonHttp.error(response).get("message"))
                .contains("there is no parameter 'acount'").contains("[account]");
    }

    @Test
    void anOverloadedNameIsA400ListingTheCandidatesAndAMethodKeyPicksOne() throws Exception {
        HttpResponse<String> ambiguous = http.call(ORDERS, "add", "[1, 2]");

        assertThat(ambiguous.statusCode()).isEqualTo(400);
        assertThat(JsonHttp.error(ambiguous).get("status")).isEqualTo("BAD_REQUEST");
        assertThat(JsonHttp.error(ambiguous).get("message")).contains("3 methods named add")
                .contains("/rpc/" + ORDERS + "/add(int,int)")
                .contains("/rpc/" + ORDERS + "/add(long,long)")
                .contains("/rpc/" + ORDERS + "/add(java.lang.String,java.lang.String)");

        assertThat(http.call(ORDERS, "add(int,int)", "[2, 3]").body()).isEqualTo("5");
        assertThat(http.call(ORDERS, "add(long,long)", "[5000000000, 1]").body())
                .as("the long overload, which adds 10^12 to tell itself apart").isEqualTo("1005000000001");
        assertThat(http.call(ORDERS, "add(java.lang.String,java.lang.String)", "[\"a\", \"b\"]").body())
                .isEqualTo("\"a+b\"");
        assertThat(http.call(ORDERS, "add(String,String)", "{\"a\": \"c\", \"b\": \"d\"}").body())
                .as("simple type names pick an overload too").isEqualTo("\"c+d\"");
    }

    @Test
    void aListOfRecordsComesBackAsJsonArrayOfObjects() throws Exception {
        JsonNode orders = JsonHttp.json(http.call(ORDERS, "listOrders", "[2]"));

        assertThat(orders).hasSize(2);
        assertThat(orders.get(1).path("customer").asString()).isEqualTo("customer-1");
        assertThat(orders.get(1).path("items").get(0).path("price").path("amount").decimalValue())
                .isEqualByComparingTo("12.50");
        assertThat(orders.get(1).path("placedAt").asString()).isEqualTo("2026-11-21T10:15:30.123Z");
    }

    @Test
    void aListOfRecordsGoesInAndAMapOfRecordsComesOut() throws Exception {
        String twoOrders = http.call(ORDERS, "listOrders", "[2]").body();

        HttpResponse<String> totals = http.call(ORDERS, "totals", "{\"orders\": " + twoOrders + "}");

        assertThat(totals.statusCode()).isEqualTo(200);
        JsonNode money = JsonHttp.json(totals);
        assertThat(money.path("customer-0").path("currency").asString()).isEqualTo("EUR");
        assertThat(money.path("customer-1").path("amount").decimalValue()).isEqualByComparingTo(new BigDecimal("37.50"));
    }

    @Test
    void optionalIsItsContentOrNull() throws Exception {
        assertThat(JsonHttp.json(http.call(ORDERS, "find", "[7]")).path("id").asLong()).isEqualTo(7);
        assertThat(http.call(ORDERS, "find", "[0]").body()).isEqualTo("null");
    }

    @Test
    void javaTimeTravelsAsIsoStrings() throws Exception {
        assertThat(http.call(ORDERS, "nextDay", "[\"2024-02-28\"]").body()).isEqualTo("\"2024-02-29\"");
        assertThat(http.call(ORDERS, "between", "[\"2026-01-01T00:00:00Z\", \"2026-01-01T01:30:00Z\"]").body())
                .isEqualTo("\"PT1H30M\"");
        assertThat(http.call(ORDERS, "echoZoned", "[\"2026-03-01T10:00:00+01:00[Europe/Paris]\"]").body())
                .isEqualTo("\"2026-03-01T10:00:00+01:00[Europe/Paris]\"");
    }

    @Test
    void anAsyncMethodAnswersWhenItsFutureCompletes() throws Exception {
        String order = JsonHttp.toJson(OrderServiceImpl.sampleOrder(3));

        HttpResponse<String> placed = http.call(ORDERS, "placeAsync", "[" + order + "]");

        assertThat(placed.statusCode()).isEqualTo(200);
        assertThat(JsonHttp.json(placed).path("status").asString()).isEqualTo("PAID");
        HttpResponse<String> failed = http.call(ORDERS, "failAsync", "[\"no\"]");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(JsonHttp.error(failed)).containsEntry("status", "APPLICATION_ERROR")
                .containsEntry("message", "no").containsEntry("remoteClass", IllegalArgumentException.class.getName());
    }

    @Test
    void unknownServiceAndMethodAre404() throws Exception {
        HttpResponse<String> service = http.call("com.acme.Nope", "x", "[]");
        assertThat(service.statusCode()).isEqualTo(404);
        assertThat(JsonHttp.error(service)).containsEntry("status", "UNKNOWN_SERVICE")
                .containsEntry("remoteClass", "null");
        assertThat(JsonHttp.error(service).get("message")).contains("com.acme.Nope").contains(ORDERS);

        HttpResponse<String> method = http.call(ORDERS, "nope", "[]");
        assertThat(method.statusCode()).isEqualTo(404);
        assertThat(JsonHttp.error(method)).containsEntry("status", "UNKNOWN_METHOD");
        assertThat(JsonHttp.error(method).get("message")).contains("nope").contains("echo");

        assertThat(http.call(ORDERS, "add(int)", "[1]").statusCode()).as("a key no method has").isEqualTo(404);
    }

    @Test
    void malformedJsonWrongCountAndWrongTypesAre400() throws Exception {
        HttpResponse<String> malformed = http.call(ORDERS, "echo", "[\"unterminated");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JsonHttp.error(malformed)).containsEntry("status", "BAD_REQUEST");
        assertThat(JsonHttp.error(malformed).get("message")).contains("echo(java.lang.String)");

        HttpResponse<String> count = http.call(ORDERS, "add(int,int)", "[1]");
        assertThat(count.statusCode()).isEqualTo(400);
        assertThat(JsonHttp.error(count).get("message")).contains("expected 2 arguments but the payload holds 1");

        HttpResponse<String> types = http.call(ORDERS, "add(int,int)", "[\"one\", \"two\"]");
        assertThat(types.statusCode()).isEqualTo(400);

        HttpResponse<String> missing = http.call(ORDERS, "add(int,int)", "{\"a\": 1}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(JsonHttp.error(missing).get("message")).contains("parameter 'b' of type int is missing");

        HttpResponse<String> scalar = http.call(ORDERS, "echo", "\"bare\"");
        assertThat(scalar.statusCode()).isEqualTo(400);
        assertThat(JsonHttp.error(scalar).get("message")).contains("neither a JSON array");

        HttpResponse<String> enumValue = http.call(ORDERS, "advance", "[\"LOST\"]");
        assertThat(enumValue.statusCode()).isEqualTo(400);
    }

    @Test
    void aBodyThatIsNotDeclaredJsonIs415() throws Exception {
        HttpResponse<String> response = http.call(ORDERS, "echo", "[\"x\"]", "Content-Type", "text/plain");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(JsonHttp.error(response).get("message")).contains("Content-Type: application/json");
    }

    @Test
    void aDeclaredCheckedExceptionIs422AndAnyOtherIs500() throws Exception {
        HttpResponse<String> rejected = http.call(ORDERS, "reject", "[\"sold out\"]");
        assertThat(rejected.statusCode()).isEqualTo(422);
        assertThat(JsonHttp.error(rejected)).containsEntry("status", "APPLICATION_ERROR")
                .containsEntry("message", "sold out")
                .containsEntry("remoteClass", OrderRejectedException.class.getName());

        HttpResponse<String> crashed = http.call(ORDERS, "crash", "[\"boom\"]");
        assertThat(crashed.statusCode()).isEqualTo(500);
        assertThat(JsonHttp.error(crashed)).containsEntry("remoteClass", IllegalStateException.class.getName());
    }

    @Test
    void aSlowMethodIsCutOffByItsRpcTimeoutWith504AndItsThreadInterrupted() throws Exception {
        impl.sleepOutcomes.clear();
        long start = System.nanoTime();

        HttpResponse<String> response = http.call(ORDERS, "sleep", "[10000]", "Rpc-Timeout", "200ms");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(JsonHttp.error(response)).containsEntry("status", "TIMEOUT");
        assertThat(JsonHttp.error(response).get("message")).contains("200 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(impl.sleepOutcomes.poll(5, TimeUnit.SECONDS)).isEqualTo("interrupted");
        assertThat(http.call(ORDERS, "sleep", "[10]", "Rpc-Timeout", "2s").body()).isEqualTo("\"slept 10\"");
    }

    @Test
    void aMalformedRpcTimeoutIs400() throws Exception {
        for (String value : List.of("2 seconds", "-1s", "0ms", "1.5s", "10h")) {
            HttpResponse<String> response = http.call(ORDERS, "echo", "[\"x\"]", "Rpc-Timeout", value);
            assertThat(response.statusCode()).as(value).isEqualTo(400);
            assertThat(JsonHttp.error(response).get("message")).as(value).contains("Rpc-Timeout");
        }
    }

    @Test
    void otherMethodsOnACallPathAre405() throws Exception {
        HttpResponse<String> response = http.get("/rpc/" + ORDERS + "/echo");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).hasValue("POST");
    }

    @Test
    void httpCallsRunThroughTheSameDispatcherAndStatsAsBinaryCalls() throws Exception {
        for (int i = 0; i < 3; i++) {
            http.call(ORDERS, "half", "[" + i + "]");
        }
        http.call(ORDERS, "half", "[\"not a number\"]");

        MethodStatsSnapshot half = server.stats().stream()
                .filter(s -> s.methodKey().equals("half(double)")).findFirst().orElseThrow();
        assertThat(half.calls()).isEqualTo(4);
        assertThat(half.errors()).isEqualTo(1);
        assertThat(http.get("/debug/rpc").body()).contains("<td>half(double)</td><td>4</td><td>1</td>")
                .contains("href=\"/rpc\"");
    }

    @Test
    void sequentialCallsShareOneKeptAliveConnection() throws Exception {
        JsonHttp own = new JsonHttp(server.port());
        int before = server.connectionCount();
        for (int i = 0; i < 5; i++) {
            assertThat(own.call(ORDERS, "echo", "[\"" + i + "\"]").statusCode()).isEqualTo(200);
            assertThat(own.call(ORDERS, "nope", "[]").statusCode()).isEqualTo(404);
        }
        assertThat(server.connectionCount()).isEqualTo(before + 1);
    }

    @Test
    void theDescriptionListsServicesMethodsParametersAndShapes() throws Exception {
        HttpResponse<String> response = http.get("/rpc");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode description = JsonHttp.json(response);
        JsonNode orders = service(description, ORDERS);
        JsonNode totals = method(orders, "totals(java.util.List)");
        assertThat(totals.path("path").asString()).isEqualTo("/rpc/" + ORDERS + "/totals");
        assertThat(totals.path("parameterNamesKnown").asBoolean()).isTrue();
        JsonNode parameter = totals.path("parameters").get(0);
        assertThat(parameter.path("name").asString()).isEqualTo("orders");
        assertThat(parameter.path("type").asString()).isEqualTo("java.util.List<io.seedrpc.it.Order>");
        assertThat(parameter.path("shape").path("type").asString()).isEqualTo("array");
        assertThat(parameter.path("shape").path("items").path("$ref").asString())
                .isEqualTo("#/definitions/io.seedrpc.it.Order");
        assertThat(totals.path("returns").path("shape").path("additionalProperties").path("$ref").asString())
                .isEqualTo("#/definitions/io.seedrpc.it.Money");

        assertThat(method(orders, "add(int,int)").path("path").asString()).isEqualTo("/rpc/" + ORDERS + "/add(int,int)");
        assertThat(method(orders, "placeAsync(io.seedrpc.it.Order)").path("async").asBoolean()).isTrue();
        assertThat(method(orders, "placeAsync(io.seedrpc.it.Order)").path("returns").path("type").asString())
                .isEqualTo("io.seedrpc.it.Order");
        assertThat(method(orders, "reject(java.lang.String)").path("throws").get(0).asString())
                .isEqualTo(OrderRejectedException.class.getName());
        assertThat(method(orders, "find(long)").path("returns").path("shape").path("nullable").asBoolean()).isTrue();

        JsonNode order = description.path("definitions").path("io.seedrpc.it.Order");
        assertThat(order.path("type").asString()).isEqualTo("object");
        assertThat(order.path("properties").path("placedAt").path("format").asString()).isEqualTo("date-time");
        assertThat(order.path("properties").path("status").path("enum").toString())
                .isEqualTo("[\"NEW\",\"PAID\",\"SHIPPED\"]");
        assertThat(description.path("definitions").path("io.seedrpc.it.Money").path("properties")
                .path("amount").path("type").asString()).isEqualTo("number");
        JsonNode customer = description.path("definitions").path("io.seedrpc.it.Customer");
        assertThat(customer.path("properties").size()).as("a POJO's properties").isPositive();

        JsonNode ledger = service(description, Ledger.class.getName() + ":2.0");
        assertThat(method(ledger, "record(java.lang.String,long,java.time.Instant)").path("returns")
                .path("shape").path("type").asString()).isEqualTo("null");
    }

    private static JsonNode service(JsonNode description, String key) {
        for (JsonNode service : description.path("services")) {
            if (service.path("serviceKey").asString().equals(key)) {
                return service;
            }
        }
        throw new AssertionError("no service " + key + " in " + description);
    }

    private static JsonNode method(JsonNode service, String key) {
        for (JsonNode method : service.path("methods")) {
            if (method.path("key").asString().equals(key)) {
                return method;
            }
        }
        throw new AssertionError("no method " + key + " in " + service);
    }
}

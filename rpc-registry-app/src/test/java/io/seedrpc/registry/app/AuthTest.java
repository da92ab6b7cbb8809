package io.seedrpc.registry.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedrpc.registry.app.Http.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With {@code rpc.registry.auth-token}: writes need the bearer token; with protect-reads, reads too. */
class AuthTest {

    private static final String INSTANCE = "{\"host\":\"h\",\"port\":1,\"services\":[\"a.B\"]}";

    private static RunningRegistry writesProtected;
    private static RunningRegistry allProtected;

    @BeforeAll
    static void startRegistries() {
        writesProtected = RunningRegistry.start("rpc.registry.auth-token=s3cret");
        allProtected = RunningRegistry.start("rpc.registry.auth-token=s3cret", "rpc.registry.protect-reads=true");
    }

    @AfterAll
    static void stopRegistries() {
        writesProtected.close();
        allProtected.close();
    }

    @Test
    void writesWithoutTheTokenGet401AndChangeNothing() {
        Http anonymous = new Http(writesProtected.uri());
        Http wrong = anonymous.withToken("s3cret-not");
        String id = anonymous.withToken("s3cret").post("/api/v1/instances", INSTANCE).json().get("id").asString();

        for (Answer answer : new Answer[] {
                anonymous.post("/api/v1/instances", INSTANCE.replace("\"port\":1", "\"port\":2")),
                wrong.post("/api/v1/instances", INSTANCE.replace("\"port\":1", "\"port\":2")),
                anonymous.put("/api/v1/instances/" + id + "/heartbeat"),
                wrong.delete("/api/v1/instances/" + id)}) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
            assertThat(answer.response().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Bearer"));
            assertThat(answer.json().get("message").asString()).isNotBlank();
        }
        assertThat(anonymous.get("/api/v1/services/a.B/instances").json().get("instances").size()).isEqualTo(1);
    }

    @Test
    void anUnauthorizedWriteIsRefusedBeforeItsBodyIsLookedAt() {
        Answer answer = new Http(writesProtected.uri()).post("/api/v1/instances", "{not json");

        assertThat(answer.status()).isEqualTo(401);
    }

    @Test
    void writesWithTheTokenGoThroughAndReadsNeedNone() {
        Http authorized = new Http(writesProtected.uri()).withToken("s3cret");

        String id = authorized.post("/api/v1/instances", INSTANCE.replace("\"port\":1", "\"port\":3"))
                .json().get("id").asString();

        assertThat(authorized.put("/api/v1/instances/" + id + "/heartbeat").status()).isEqualTo(200);
        assertThat(new Http(writesProtected.uri()).get("/api/v1/services").status()).isEqualTo(200);
        assertThat(authorized.delete("/api/v1/instances/" + id).status()).isEqualTo(204);
    }

    @Test
    void protectedReadsNeedTheTokenButHealthAndTheDashboardPageDoNot() {
        Http anonymous = new Http(allProtected.uri());

        assertThat(anonymous.get("/api/v1/services").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/v1/instances").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/v1/services/a.B/instances?index=0&wait=5s").status()).isEqualTo(401);
        assertThat(anonymous.withToken("s3cret").get("/api/v1/services").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/").status()).isEqualTo(200);
    }
}

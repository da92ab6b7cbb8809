package io.seedrpc.codec.protobuf;

import io.seedrpc.client.RpcClient;
import io.seedrpc.codec.protobuf.test.v2.Badge;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Type;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fields a newer schema added survive peers that only know the older one, as protobuf users expect. The two
 * versions of {@code Profile} are compiled from {@code src/test/protobuf/evolution}: v2 adds a string, a repeated
 * field and a nested message to v1.
 */
@ExtendWith(NoLeakedThreads.class)
class SchemaEvolutionTest {

    private static io.seedrpc.codec.protobuf.test.v2.Profile newer() {
        return io.seedrpc.codec.protobuf.test.v2.Profile.newBuilder()
                .setName("grace")
                .setEmail("grace@example.org")
                .addLuckyNumbers(7).addLuckyNumbers(-1)
                .setBadge(Badge.newBuilder().setTitle("rear admiral").setAwardedAt(1_985L))
                .build();
    }

    @Test
    void aBodyWrittenWithTheNewerSchemaPassesThroughTheOlderOneIntact() throws Exception {
        ProtobufCodec codec = new ProtobufCodec();
        var newer = newer();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        codec.writeArguments(sent, new Object[] {newer}, new Type[] {newer.getClass()});

        // The older peer decodes into v1, which has no field for email, lucky numbers or the badge ...
        Object[] seen = codec.readArguments(new ByteArrayInputStream(sent.toByteArray()),
                new Type[] {io.seedrpc.codec.protobuf.test.v1.Profile.class});
        var older = (io.seedrpc.codec.protobuf.test.v1.Profile) seen[0];
        assertThat(older.getName()).isEqualTo("grace");
        assertThat(older.getUnknownFields().asMap()).containsOnlyKeys(2, 3, 4);

        // ... and what it writes back still carries them to the newer peer.
        ByteArrayOutputStream answered = new ByteArrayOutputStream();
        codec.writeValue(answered, older, older.getClass());
        Object back = codec.readValue(new ByteArrayInputStream(answered.toByteArray()), newer.getClass());
        assertThat(back).isEqualTo(newer);
    }

    @Test
    void unknownFieldsSurviveACallToAnOlderServiceThatEditsTheMessage() throws Exception {
        ProfileStore olderService = profile -> profile.toBuilder()
                .setName(profile.getName().toUpperCase(Locale.ROOT)).build();
        try (RpcServer server = Clients.server().addService(ProfileStore.class, olderService).start();
             RpcClient client = Clients.client("protobuf")) {
            ProfileStore store = client.proxy(ProfileStore.class, Clients.address(server));
            // The caller relays what a newer peer sent it: a v1 object holding v2's fields as unknown fields.
            var relayed = io.seedrpc.codec.protobuf.test.v1.Profile.parseFrom(newer().toByteString());

            var answer = store.shout(relayed);

            var asNewer = io.seedrpc.codec.protobuf.test.v2.Profile.parseFrom(answer.toByteString());
            assertThat(asNewer.getName()).isEqualTo("GRACE");
            assertThat(asNewer.getEmail()).isEqualTo("grace@example.org");
            assertThat(asNewer.getLuckyNumbersList()).containsExactly(7, -1);
            assertThat(asNewer.getBadge().getTitle()).isEqualTo("rear admiral");
            assertThat(asNewer.getBadge().getAwardedAt()).isEqualTo(1_985L);
        }
    }

    @Test
    void aNewerSchemaReadsWhatAnOlderOneWroteWithTheNewFieldsAbsent() throws Exception {
        ProtobufCodec codec = new ProtobufCodec();
        var older = io.seedrpc.codec.protobuf.test.v1.Profile.newBuilder().setName("ada").build();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        codec.writeValue(sent, older, older.getClass());
        var read = (io.seedrpc.codec.protobuf.test.v2.Profile) codec.readValue(
                new ByteArrayInputStream(sent.toByteArray()), io.seedrpc.codec.protobuf.test.v2.Profile.class);
        assertThat(read.getName()).isEqualTo("ada");
        assertThat(read.getEmail()).isEmpty();
        assertThat(read.hasBadge()).isFalse();
        assertThat(read.getLuckyNumbersList()).isEmpty();
    }
}

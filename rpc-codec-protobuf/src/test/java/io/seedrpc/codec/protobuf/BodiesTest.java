package io.seedrpc.codec.protobuf;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A body is read whole whatever the stream says it has available. */
class BodiesTest {

    @Test
    void readsAStreamThatKnowsItsLengthExactly() throws IOException {
        assertThat(Bodies.readAll(new ByteArrayInputStream(new byte[] {1, 2, 3}))).containsExactly(1, 2, 3);
        assertThat(Bodies.readAll(new ByteArrayInputStream(new byte[0]))).isEmpty();
    }

    @Test
    void readsPastWhatAStreamReportsAvailable() throws IOException {
        // available() reports only the first part of a SequenceInputStream
        var split = new SequenceInputStream(new ByteArrayInputStream(new byte[] {1, 2}),
                new ByteArrayInputStream(new byte[] {3, 4, 5}));
        assertThat(split.available()).isEqualTo(2);
        assertThat(Bodies.readAll(split)).containsExactly(1, 2, 3, 4, 5);
    }
}

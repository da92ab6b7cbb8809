package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class FrameStreamsTest {

    private final FrameStreams streams = new FrameStreams();

    private static ByteBuf frameWith(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    @Test
    void aThreadWritesEveryBodyThroughOneStreamAppendedAtTheWriterIndex() {
        ByteBuf first = Unpooled.buffer().writeByte('#');
        FrameOutputStream out = streams.writingTo(first);
        out.write('a');
        out.write("bcd".getBytes(StandardCharsets.US_ASCII), 1, 2);
        out.write(new byte[0], 0, 0);
        out.detach();
        assertThat(first.toString(StandardCharsets.US_ASCII)).isEqualTo("#acd");

        ByteBuf second = Unpooled.buffer();
        FrameOutputStream again = streams.writingTo(second);
        assertThat(again).isSameAs(out);
        again.write('z');
        again.detach();
        assertThat(second.toString(StandardCharsets.US_ASCII)).isEqualTo("z");
        assertThat(first.toString(StandardCharsets.US_ASCII)).isEqualTo("#acd");
    }

    @Test
    void aStreamStillAttachedIsNeverHandedOutAgain() {
        ByteBuf outer = Unpooled.buffer();
        ByteBuf nested = Unpooled.buffer();
        FrameOutputStream outerOut = streams.writingTo(outer);
        FrameOutputStream nestedOut = streams.writingTo(nested);
        assertThat(nestedOut).isNotSameAs(outerOut);
        outerOut.write('o');
        nestedOut.write('n');
        nestedOut.detach();
        outerOut.detach();
        assertThat(outer.toString(StandardCharsets.US_ASCII)).isEqualTo("o");
        assertThat(nested.toString(StandardCharsets.US_ASCII)).isEqualTo("n");

        FrameInputStream outerIn = streams.readingFrom(frameWith("x"));
        FrameInputStream nestedIn = streams.readingFrom(frameWith("y"));
        assertThat(nestedIn).isNotSameAs(outerIn);
        assertThat(outerIn.read()).isEqualTo('x');
        assertThat(nestedIn.read()).isEqualTo('y');
    }

    @Test
    void eachThreadHasStreamsOfItsOwn() {
        FrameOutputStream mine = streams.writingTo(Unpooled.buffer());
        mine.detach();
        FrameOutputStream theirs = CompletableFuture.supplyAsync(() -> {
            FrameOutputStream stream = streams.writingTo(Unpooled.buffer());
            stream.detach();
            return stream;
        }).join();
        assertThat(theirs).isNotSameAs(mine);
        assertThat(new FrameStreams().writingTo(Unpooled.buffer())).isNotSameAs(mine);
    }

    @Test
    void aBodyReadsFromTheReaderIndexToItsEndAndThenReportsTheEnd() {
        ByteBuf frame = frameWith("HEADbody!");
        frame.skipBytes(4);
        FrameInputStream in = streams.readingFrom(frame);
        assertThat(in.available()).isEqualTo(5);
        assertThat(in.read()).isEqualTo('b');
        byte[] bytes = new byte[10];
        assertThat(in.read(bytes, 2, 0)).isZero();
        assertThat(in.read(bytes, 2, 10)).isEqualTo(4);
        assertThat(new String(bytes, 2, 4, StandardCharsets.US_ASCII)).isEqualTo("ody!");
        assertThat(in.read()).isEqualTo(-1);
        assertThat(in.read(bytes, 0, 1)).isEqualTo(-1);
        assertThat(frame.readableBytes()).isZero();
        in.detach();

        FrameInputStream next = streams.readingFrom(frameWith("\u00ff"));
        assertThat(next).isSameAs(in);
        assertThat(next.read()).as("a byte, not a sign-extended int").isEqualTo(0xFF);
    }

    /** The JSON codec marks the body and reads it a second time to explain a wrong argument count. */
    @Test
    void aBodyCanBeMarkedReadAgainAndSkipped() {
        FrameInputStream in = streams.readingFrom(frameWith("[1,2,3]"));
        assertThat(in.markSupported()).isTrue();
        in.mark(Integer.MAX_VALUE);
        assertThat(in.skip(2)).isEqualTo(2);
        assertThat(in.read()).isEqualTo(',');
        in.reset();
        assertThat(in.read()).isEqualTo('[');
        assertThat(in.skip(100)).isEqualTo(6);
        assertThat(in.skip(-1)).isZero();
        assertThat(in.read()).isEqualTo(-1);
    }
}

package io.seedrpc.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedrpc.codec.Catalog.Money;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.module.blackbird.BlackbirdModule;

/**
 * JSON coding allocates no more per body than Jackson itself must: one parser or generator from the stream factory
 * (with buffers from a thread-local recycler, no (de)serialization context of its own), one context made by a
 * reader or writer found once per type, and bean access through Blackbird. The baseline is exactly that, built here
 * by hand; the codec may add nothing to it (no lambda, no per-body context, no recycler node, no reflective call).
 *
 * <p>Baseline and codec run in turn, call by call, and only a few hundred times: early enough that neither is
 * compiled with escape analysis, which could hide an object the code makes. The medians of the calls' bytes are
 * compared, not their sums: an object made once in the run (a lazily built table, a class initialised on the n-th
 * call) is not a per-body cost and made sums of 200 calls differ by a few hundred bytes from run to run.
 */
class JsonCodecAllocationTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int WARM_UP_CALLS = 20;
    private static final int CALLS = 200;

    private final JsonCodec codec = new JsonCodec(CodecFixtures.catalogAllowlist());
    private final JsonMapper baselineMapper = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.threadLocalPool())
                    .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                    .build())
            .addModule(new BlackbirdModule())
            .build();
    private final TokenStreamFactory streams = baselineMapper.tokenStreamFactory();
    private final ObjectWriter writer = baselineMapper.writerFor(Money.class);
    private final ObjectReader reader = baselineMapper.readerFor(Money.class);
    private final Money money = new Money(BigDecimal.TEN, "EUR");

    @Test
    void writingAValueAllocatesNoMoreThanJacksonMust() throws IOException {
        OutputStream sink = OutputStream.nullOutputStream();
        long[] codecBytes = new long[CALLS];
        long[] baselineBytes = new long[CALLS];
        for (int i = -WARM_UP_CALLS; i < CALLS; i++) {
            long start = THREADS.getCurrentThreadAllocatedBytes();
            try (JsonGenerator generator = streams.createGenerator(ObjectWriteContext.empty(), sink)) {
                writer.writeValue(generator, money);
            }
            long middle = THREADS.getCurrentThreadAllocatedBytes();
            codec.writeValue(sink, money, Money.class);
            long end = THREADS.getCurrentThreadAllocatedBytes();
            if (i >= 0) { // the first calls find serializers and generate Blackbird's accessors
                baselineBytes[i] = middle - start;
                codecBytes[i] = end - middle;
            }
        }

        assertThat(median(codecBytes)).as("median bytes per value written").isLessThanOrEqualTo(median(baselineBytes));
    }

    @Test
    void readingAValueAllocatesNoMoreThanJacksonMust() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.writeValue(out, money, Money.class);
        ByteArrayInputStream body = new ByteArrayInputStream(out.toByteArray());
        long[] codecBytes = new long[CALLS];
        long[] baselineBytes = new long[CALLS];
        for (int i = -WARM_UP_CALLS; i < CALLS; i++) {
            body.reset();
            long start = THREADS.getCurrentThreadAllocatedBytes();
            Object expected = readByHand(body);
            long middle = THREADS.getCurrentThreadAllocatedBytes();
            body.reset();
            Object decoded = codec.readValue(body, Money.class);
            long end = THREADS.getCurrentThreadAllocatedBytes();
            if (i >= 0) { // the first calls find serializers and generate Blackbird's accessors
                baselineBytes[i] = middle - start;
                codecBytes[i] = end - middle;
            }
            assertThat(decoded).isEqualTo(expected);
        }

        assertThat(median(codecBytes)).as("median bytes per value read").isLessThanOrEqualTo(median(baselineBytes));
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private Object readByHand(InputStream body) {
        try (JsonParser parser = streams.createParser(ObjectReadContext.empty(), body)) {
            parser.nextToken();
            return reader.readValue(parser);
        }
    }
}

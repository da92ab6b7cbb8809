package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyCacheTest {

    private final KeyCache cache = new KeyCache();

    private static ByteBuf keys(String... values) {
        ByteBuf buf = Unpooled.buffer();
        for (String value : values) {
            Frames.writeShortString(buf, value);
        }
        return buf;
    }

    @Test
    void repeatedKeysComeBackAsTheSameStringAndDifferentKeysNeverMix() {
        ByteBuf buf = keys("com.acme.Orders", "place(com.acme.Order)", "com.acme.Orders", "grüße()", "",
                "com.acme.Orderz");
        String first = cache.read(buf);
        assertThat(cache.read(buf)).isEqualTo("place(com.acme.Order)");
        assertThat(cache.read(buf)).isSameAs(first);
        assertThat(cache.read(buf)).isEqualTo("grüße()");
        assertThat(cache.read(buf)).isEmpty();
        assertThat(cache.read(buf)).isEqualTo("com.acme.Orderz");
        assertThat(buf.readableBytes()).isZero();
    }

    @Test
    void manyDistinctKeysAllReadCorrectly() {
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 500; i++) {
                assertThat(cache.read(keys("key-" + i))).isEqualTo("key-" + i);
            }
        }
    }

    @Test
    void aKeyLongerThanTheCacheHoldsIsStillReadWhole() {
        String longKey = "k".repeat(KeyCache.MAX_CACHED_BYTES) + "ü";
        ByteBuf buf = keys(longKey, "short", longKey, "k".repeat(KeyCache.MAX_CACHED_BYTES));
        assertThat(cache.read(buf)).isEqualTo(longKey);
        assertThat(cache.read(buf)).isEqualTo("short");
        assertThat(cache.read(buf)).isEqualTo(longKey);
        assertThat(cache.read(buf)).isEqualTo("k".repeat(KeyCache.MAX_CACHED_BYTES));
        assertThat(buf.readableBytes()).isZero();
    }

    @Test
    void keysOfEveryLengthAroundTheHashsWordsReadBackWhole() {
        for (int length = 1; length <= 40; length++) {
            String key = "k".repeat(length);
            String lastByteDiffers = "k".repeat(length - 1) + "j";
            String firstByteDiffers = "j" + "k".repeat(length - 1);
            ByteBuf buf = keys(key, lastByteDiffers, firstByteDiffers, key);
            assertThat(cache.read(buf)).isEqualTo(key);
            assertThat(cache.read(buf)).isEqualTo(lastByteDiffers);
            assertThat(cache.read(buf)).isEqualTo(firstByteDiffers);
            assertThat(cache.read(buf)).isEqualTo(key);
        }
    }

    @Test
    void aKeysSlotDependsOnItsOwnBytesOnlyNotOnWhatTheScratchArrayHeldBefore() {
        for (int length = 1; length <= 40; length++) {
            byte[] clean = new byte[KeyCache.MAX_CACHED_BYTES];
            byte[] dirty = new byte[KeyCache.MAX_CACHED_BYTES];
            java.util.Arrays.fill(dirty, (byte) 'z');
            for (int i = 0; i < length; i++) {
                clean[i] = (byte) ('a' + i % 26);
                dirty[i] = clean[i];
            }
            assertThat(KeyCache.slotOf(dirty, length)).as("slot of a %d-byte key", length)
                    .isEqualTo(KeyCache.slotOf(clean, length));
        }
    }

    @Test
    void aKeyRunningPastTheFrameIsRefused() {
        ByteBuf buf = Unpooled.buffer().writeShort(10).writeBytes(new byte[3]);
        assertThatThrownBy(() -> cache.read(buf)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}

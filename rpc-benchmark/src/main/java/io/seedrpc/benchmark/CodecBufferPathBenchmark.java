package io.seedrpc.benchmark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.ByteBufferInput;
import com.esotericsoftware.kryo.io.ByteBufferOutput;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.seedrpc.benchmark.echo.Payload;
import io.seedrpc.benchmark.echo.SmallObject;
import io.seedrpc.codec.Codec;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Locale;

/**
 * {@link CodecPathBenchmark} with the transport's path since issue 15 beside the old one: bodies read through the
 * codec's {@code ByteBuffer} methods over the frame's memory instead of a stream. Then, with plain Kryo and no
 * SeedRPC, the two ways Kryo can meet a direct frame buffer: through an array (written into an array and copied into
 * the frame once, copied out of the frame once and read from the array), or in place through Kryo's
 * {@code ByteBufferOutput}/{@code ByteBufferInput}, which read and write the direct memory a byte at a time.
 *
 * <pre>
 * java -cp rpc-benchmark/target/rpc-benchmark.jar io.seedrpc.benchmark.CodecBufferPathBenchmark
 * </pre>
 */
public final class CodecBufferPathBenchmark extends CodecPathBenchmark {

    private static final BodyPath BUFFERS = new BodyPath() {
        @Override
        public Object[] readArguments(Codec codec, ByteBuf body, Type[] types) throws IOException {
            return codec.readArguments(body.nioBuffer(), types);
        }

        @Override
        public Object readValue(Codec codec, ByteBuf body, Type type) throws IOException {
            return codec.readValue(body.nioBuffer(), type);
        }
    };

    private long sink;

    public static void main(String[] args) {
        CodecBufferPathBenchmark benchmark = new CodecBufferPathBenchmark();
        benchmark.run(List.of("streams", "buffers"), List.of(STREAMS, BUFFERS));
        benchmark.plainKryo();
    }

    private void plainKryo() {
        for (Payload payload : Payload.values()) {
            Object value = payload == Payload.STRING ? Payload.TEXT : Payload.OBJECT_VALUE;
            double[] array = measure(throughArray(value));
            double[] direct = measure(inPlace(value));
            System.out.printf(Locale.ROOT, "%-7s plain Kryo, array + one copy each way %8.1f ns of CPU %7.0f bytes%n",
                    payload.id(), array[0], array[1]);
            System.out.printf(Locale.ROOT, "%-7s plain Kryo, in place (ByteBuffer I/O) %8.1f ns of CPU %7.0f bytes%n",
                    payload.id(), direct[0], direct[1]);
        }
        System.out.println("(ignore: " + sink + ")");
    }

    private static Kryo kryo() {
        Kryo kryo = new Kryo();
        kryo.register(SmallObject.class);
        return kryo;
    }

    /** One body written into a frame and read back out of it, through arrays. */
    private Runnable throughArray(Object value) {
        Kryo kryo = kryo();
        Output output = new Output(4096, -1);
        Input input = new Input(4096);
        Class<?> type = value.getClass();
        return () -> {
            ByteBuf frame = ByteBufAllocator.DEFAULT.ioBuffer(192);
            try {
                output.reset();
                kryo.writeObject(output, value);
                frame.writeBytes(output.getBuffer(), 0, output.position());
                int length = frame.readableBytes();
                frame.getBytes(frame.readerIndex(), input.getBuffer(), 0, length);
                input.setBuffer(input.getBuffer(), 0, length);
                sink += kryo.readObject(input, type).hashCode();
            } finally {
                frame.release();
            }
        };
    }

    /** The same, written into and read out of the frame's memory in place. */
    private Runnable inPlace(Object value) {
        Kryo kryo = kryo();
        ByteBufferOutput output = new ByteBufferOutput();
        ByteBufferInput input = new ByteBufferInput();
        Class<?> type = value.getClass();
        return () -> {
            ByteBuf frame = ByteBufAllocator.DEFAULT.ioBuffer(192);
            try {
                output.setBuffer(frame.nioBuffer(0, frame.capacity()), frame.capacity());
                kryo.writeObject(output, value);
                frame.writerIndex(output.position());
                input.setBuffer(frame.nioBuffer());
                sink += kryo.readObject(input, type).hashCode();
            } finally {
                frame.release();
            }
        };
    }
}

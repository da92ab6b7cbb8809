package io.seedrpc.it;

import io.seedrpc.protocol.Protocol;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A hand-driven socket for tests that must send exactly the bytes they choose, well-formed or not. */
final class RawConnection implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    RawConnection(int port) throws IOException {
        this(port, null);
    }

    /** A connection from {@code localAddress} (another loopback address such as 127.0.0.2), or any when null. */
    RawConnection(int port, String localAddress) throws IOException {
        socket = localAddress == null ? new Socket("127.0.0.1", port)
                : new Socket(java.net.InetAddress.getByName("127.0.0.1"), port,
                        java.net.InetAddress.getByName(localAddress), 0);
        socket.setSoTimeout(5_000);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends the preface and a handshake for {@code codecId}, and returns the server's answer. */
    Frame handshake(int codecId, String token) throws IOException {
        send(preface());
        send(frame(FrameType.HANDSHAKE, payload(d -> {
            d.writeByte(codecId);
            d.writeInt(Protocol.DEFAULT_MAX_FRAME_SIZE);
            writeShortString(d, token);
        })));
        return read();
    }

    static byte[] preface() {
        return payload(d -> {
            d.writeInt(Protocol.MAGIC);
            d.writeByte(Protocol.VERSION);
        });
    }

    static byte[] request(long id, String serviceKey, String methodKey, byte[] body) {
        return request(id, serviceKey, methodKey, java.util.Map.of(), body);
    }

    /** A REQUEST frame of protocol version 2, its metadata block written as given (keys are not checked). */
    static byte[] request(long id, String serviceKey, String methodKey, java.util.Map<String, String> metadata,
                          byte[] body) {
        return frame(FrameType.REQUEST, payload(d -> {
            d.writeLong(id);
            d.writeInt(5_000);
            writeShortString(d, serviceKey);
            writeShortString(d, methodKey);
            d.writeShort(metadata.size());
            for (java.util.Map.Entry<String, String> entry : metadata.entrySet()) {
                writeShortString(d, entry.getKey());
                writeShortString(d, entry.getValue());
            }
            d.write(body);
        }));
    }

    static byte[] frame(FrameType type, byte[] payload) {
        return payload(d -> {
            d.writeInt(payload.length + 1);
            d.writeByte(type.code());
            d.write(payload);
        });
    }

    /** Reads one frame. */
    Frame read() throws IOException {
        int length = in.readInt();
        byte type = in.readByte();
        byte[] payload = new byte[length - 1];
        in.readFully(payload);
        return new Frame(FrameType.fromCode(type), payload);
    }

    /** Whether the server closes the connection within the socket timeout, discarding what it sends first. */
    boolean closedByServer() throws IOException {
        try {
            InputStream raw = socket.getInputStream();
            byte[] sink = new byte[4096];
            while (raw.read(sink) >= 0) {
                // discard whatever the server sent before closing
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    record Frame(FrameType type, byte[] payload) {

        DataInputStream data() {
            return new DataInputStream(new java.io.ByteArrayInputStream(payload));
        }

        /** For a RESPONSE frame: the status byte. */
        int status() throws IOException {
            DataInputStream d = data();
            d.readLong();
            return d.readUnsignedByte();
        }

        /** For an error RESPONSE: the message. */
        String errorMessage() throws IOException {
            DataInputStream d = data();
            d.readLong();
            d.readUnsignedByte();
            readShortString(d);
            return readShortString(d);
        }

        /** For a HANDSHAKE_RESULT frame. */
        boolean accepted() {
            return payload[0] != 0;
        }

        String rejection() throws IOException {
            DataInputStream d = data();
            d.readBoolean();
            d.readInt();
            return readShortString(d);
        }

        /** For a HANDSHAKE_RESULT frame: the rejection code after the reason, -1 when the frame ends before it. */
        int rejectionCode() throws IOException {
            DataInputStream d = data();
            d.readBoolean();
            d.readInt();
            readShortString(d);
            return d.available() > 0 ? d.readUnsignedByte() : -1;
        }
    }

    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    static byte[] payload(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(bytes)) {
            writer.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static void writeShortString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        out.writeShort(bytes.length);
        out.write(bytes);
    }

    static String readShortString(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readUnsignedShort()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

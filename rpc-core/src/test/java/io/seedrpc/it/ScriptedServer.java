package io.seedrpc.it;


import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A server that accepts one connection and completes the handshake, then reads and writes only what the test
 * tells it to: left alone it never reads again (what a client sees of a server that has stalled or is slower
 * than its caller); driven, it answers calls when and how the test chooses, late or out of order.
 */
final class ScriptedServer implements AutoCloseable {

    private final ServerSocket listener;
    private final Thread acceptor;
    private final CompletableFuture<Socket> accepted = new CompletableFuture<>();

    ScriptedServer() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptAndHandshake, "scripted-server");
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptAndHandshake() {
        try {
            Socket socket = listener.accept();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            in.readFully(new byte[5]);
            byte[] hello = new byte[in.readInt()];
            in.readFully(hello);
            OutputStream out = socket.getOutputStream();
            out.write(RawConnection.frame(FrameType.HANDSHAKE_RESULT, RawConnection.payload(d -> {
                d.writeByte(1);
                d.writeInt(16 * 1024 * 1024);
                d.writeShort(0);
            })));
            out.flush();
            accepted.complete(socket);
        } catch (IOException closed) {
            accepted.completeExceptionally(closed);
        }
    }

    /** The id of the next REQUEST the client sent; frames of other types (cancels, pings) are skipped. */
    long nextRequestId() throws Exception {
        DataInputStream in = new DataInputStream(socket().getInputStream());
        while (true) {
            int length = in.readInt();
            byte type = in.readByte();
            byte[] payload = new byte[length - 1];
            in.readFully(payload);
            if (type == FrameType.REQUEST.code()) {
                return new RawConnection.Frame(FrameType.REQUEST, payload).data().readLong();
            }
        }
    }

    /** The type of the next frame the client sent, whatever it is ({@code null} if undocumented); waits up to 5 s. */
    FrameType nextFrameType() throws Exception {
        DataInputStream in = new DataInputStream(socket().getInputStream());
        int length = in.readInt();
        byte type = in.readByte();
        in.readFully(new byte[length - 1]);
        return FrameType.fromCode(type);
    }

    /** Sends an OK RESPONSE to call {@code id} whose body is {@code body}, already encoded by the call's codec. */
    void respond(long id, byte[] body) throws Exception {
        OutputStream out = socket().getOutputStream();
        out.write(RawConnection.frame(FrameType.RESPONSE, RawConnection.payload(d -> {
            d.writeLong(id);
            d.writeByte(0);
            d.write(body);
        })));
        out.flush();
    }

    /** Writes {@code bytes} exactly as given, well-formed frames or not, and flushes them. */
    void send(byte[] bytes) throws Exception {
        OutputStream out = socket().getOutputStream();
        out.write(bytes);
        out.flush();
    }

    private Socket socket() throws Exception {
        Socket socket = accepted.get(5, TimeUnit.SECONDS);
        socket.setSoTimeout(5_000);
        // Each write leaves as soon as it is made, so that bytes written one call at a time arrive split.
        socket.setTcpNoDelay(true);
        return socket;
    }

    @Override
    public void close() throws Exception {
        listener.close();
        if (accepted.isDone() && !accepted.isCompletedExceptionally()) {
            accepted.join().close();
        }
        acceptor.join(5_000);
    }
}

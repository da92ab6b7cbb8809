package io.seedrpc.it;


import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A server that accepts one connection, completes the handshake, and then never reads again: what a client sees
 * of a server that has stalled or is slower than its caller.
 */
final class StalledServer implements AutoCloseable {

    private final ServerSocket listener;
    private final Thread acceptor;
    private volatile Socket accepted;

    StalledServer() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptAndHandshake, "stalled-server");
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptAndHandshake() {
        try {
            Socket socket = listener.accept();
            accepted = socket;
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
            // From here on nothing is read: requests pile up in the socket buffers, then in the client.
        } catch (IOException closed) {
            // the test is over
        }
    }

    @Override
    public void close() throws Exception {
        listener.close();
        Socket socket = accepted;
        if (socket != null) {
            socket.close();
        }
        acceptor.join(5_000);
    }
}

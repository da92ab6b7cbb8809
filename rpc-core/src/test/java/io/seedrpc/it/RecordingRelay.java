package io.seedrpc.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay on loopback in front of a server that keeps the first bytes each connection sent: a test that must
 * know which protocol a client spoke (a {@code CONNECT} request or the binary preface) reads them here rather
 * than trusting that a call which worked went the intended way. It can also hold every byte from the client for a
 * fixed delay before passing it on (bytes from the server pass at once), the way a long network path keeps a
 * request in flight; the client's bytes stay in order and its close follows them. Close it to stop its threads
 * and sockets.
 */
final class RecordingRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final long clientDelayMillis;
    private final List<String> openings = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> new Thread(task, "relay"));
    /** Holds client bytes back; one thread, so they leave in the order they came. */
    private final ScheduledExecutorService delayer = Executors.newSingleThreadScheduledExecutor(
            task -> new Thread(task, "relay-delay"));

    RecordingRelay(int targetPort) throws IOException {
        this(targetPort, 0);
    }

    /** A relay that passes the client's bytes on {@code clientDelayMillis} after they arrive. */
    RecordingRelay(int targetPort, long clientDelayMillis) throws IOException {
        this.targetPort = targetPort;
        this.clientDelayMillis = clientDelayMillis;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The first bytes each connection sent (as ISO-8859-1 text), in the order the connections came. */
    List<String> openings() {
        return List.copyOf(openings);
    }

    private void acceptLoop() {
        try {
            while (!listener.isClosed()) {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                threads.execute(() -> pump(client, server, true));
                threads.execute(() -> pump(server, client, false));
            }
        } catch (IOException closed) {
            // close() closed the listener
        }
    }

    /** Copies one direction; the client's direction is recorded and, with a delay, held back. */
    private void pump(Socket from, Socket to, boolean fromClient) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            boolean first = fromClient;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (first) {
                    openings.add(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    first = false;
                }
                byte[] chunk = Arrays.copyOf(buffer, n);
                pass(fromClient, () -> write(out, chunk, to));
            }
        } catch (IOException closed) {
            // one side went away; close() or the other pump closes the rest
        }
        pass(fromClient, () -> shutdownOutput(to));
    }

    private void pass(boolean fromClient, Runnable step) {
        if (fromClient && clientDelayMillis > 0) {
            delayer.schedule(step, clientDelayMillis, TimeUnit.MILLISECONDS);
        } else {
            step.run();
        }
    }

    private static void write(OutputStream out, byte[] chunk, Socket to) {
        try {
            out.write(chunk);
            out.flush();
        } catch (IOException e) {
            shutdownOutput(to);
        }
    }

    private static void shutdownOutput(Socket socket) {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws Exception {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        delayer.shutdownNow();
        threads.shutdownNow();
        if (!threads.awaitTermination(5, TimeUnit.SECONDS) || !delayer.awaitTermination(5, TimeUnit.SECONDS)) {
            throw new IllegalStateException("relay threads still running 5 s after close");
        }
    }
}

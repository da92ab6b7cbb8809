package io.seedrpc.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on loopback that holds every byte from the client for a fixed delay before passing it on (bytes
 * from the server pass at once), the way a long network path keeps a request in flight. It keeps the client's
 * bytes in order and passes a client's close on after the bytes sent before it; a server's close is passed on
 * at once.
 */
final class DelayingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final long delayMillis;
    private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "delaying-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<ScheduledExecutorService> delayers = new CopyOnWriteArrayList<>();

    DelayingProxy(int targetPort, long delayMillis) throws IOException {
        this.targetPort = targetPort;
        this.delayMillis = delayMillis;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pumps.execute(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                ScheduledExecutorService delayer = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread thread = new Thread(r, "delaying-proxy-delay");
                    thread.setDaemon(true);
                    return thread;
                });
                delayers.add(delayer);
                pumps.execute(() -> pumpDelayed(client, server, delayer));
                pumps.execute(() -> pump(server, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Client to server: each chunk is written {@code delayMillis} after it arrived, in arrival order. */
    private void pumpDelayed(Socket from, Socket to, ScheduledExecutorService delayer) {
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                byte[] chunk = Arrays.copyOf(buffer, read);
                delayer.schedule(() -> write(out, chunk, to), delayMillis, TimeUnit.MILLISECONDS);
            }
        } catch (IOException e) {
            // the client side is gone; its close follows its bytes below
        }
        delayer.schedule(() -> quietlyClose(to), delayMillis, TimeUnit.MILLISECONDS);
    }

    private static void write(OutputStream out, byte[] chunk, Socket to) {
        try {
            out.write(chunk);
            out.flush();
        } catch (IOException e) {
            quietlyClose(to);
        }
    }

    /** Server to client, at once; the server's close closes the client side too. */
    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream()) {
            in.transferTo(to.getOutputStream());
        } catch (IOException e) {
            // either side closed
        }
        quietlyClose(to);
    }

    private static void quietlyClose(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(DelayingProxy::quietlyClose);
        delayers.forEach(ScheduledExecutorService::shutdownNow);
        pumps.shutdownNow();
    }
}

package io.seedrpc.registry.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands on a stopped registry's port during an outage: takes each connection, keeps its request line and hangs
 * up without an answer. What was attempted during the outage can then be counted, instead of sleeping and hoping
 * the attempts happened. Close it before starting the registry on that port again.
 */
final class DownRegistry implements AutoCloseable {

    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<String> requestLines = new CopyOnWriteArrayList<>();

    DownRegistry(int port) throws IOException {
        listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "down-registry");
        acceptor.start();
    }

    /** The request lines ({@code GET /api/v1/...}) of the requests refused so far. */
    List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    /** How many refused requests had a request line starting with {@code prefix}. */
    long count(String prefix) {
        return requestLines.stream().filter(line -> line.startsWith(prefix)).count();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try (Socket socket = listener.accept()) {
                socket.setSoTimeout(2_000);
                String line = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.ISO_8859_1)).readLine();
                if (line != null) {
                    requestLines.add(line);
                }
            } catch (IOException e) {
                // closed by close(), or a client that gave up first: either way, next
            }
        }
    }

    @Override
    public void close() throws Exception {
        listener.close();
        acceptor.join(5_000);
    }
}

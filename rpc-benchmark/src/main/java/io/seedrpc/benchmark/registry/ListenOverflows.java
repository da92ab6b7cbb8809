package io.seedrpc.benchmark.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel's count of connections dropped because a listening socket's accept queue was full
 * ({@code TcpExt: ListenOverflows} in {@code /proc/net/netstat}), machine-wide. A client whose connection is
 * dropped there learns nothing: it retransmits after 1 s, 2 s, 4 s..., so a burst of new connections to a server
 * whose accept queue is short shows up as requests seconds late, not as errors.
 */
final class ListenOverflows {

    private ListenOverflows() {
    }

    /** The count since the machine started; -1 when {@code /proc/net/netstat} cannot tell (not Linux). */
    static long now() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                String[] names = lines.get(i).trim().split(" +");
                String[] values = lines.get(i + 1).trim().split(" +");
                for (int k = 1; k < names.length && k < values.length; k++) {
                    if (names[0].equals("TcpExt:") && names[k].equals("ListenOverflows")) {
                        return Long.parseLong(values[k]);
                    }
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {@code end - start}, or -1 when either is unknown. */
    static long between(long start, long end) {
        return start < 0 || end < 0 ? -1 : end - start;
    }
}

package io.seedrpc.loadbalance;

import io.seedrpc.invoke.Invocation;
import io.seedrpc.discovery.Endpoint;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Consistent hashing on a ring of virtual nodes: calls whose key argument is equal go to the same endpoint, and
 * when one of N endpoints leaves only the keys it held (about 1/N) move. The key is the argument marked
 * {@link io.seedrpc.annotation.HashKey}, else the first; its {@code String.valueOf} is hashed. Each endpoint gets
 * virtual nodes in proportion to its weight (160 for an average weight). Name {@code consistent-hash}.
 */
public final class ConsistentHashLoadBalancer implements LoadBalancer {

    public static final String NAME = "consistent-hash";

    private static final int VIRTUAL_NODES_PER_AVERAGE_WEIGHT = 160;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Picker newPicker(List<Endpoint> endpoints) {
        double averageWeight = endpoints.stream().mapToInt(e -> Math.max(1, e.weight())).average().orElse(1);
        int nodes = 0;
        int[] perEndpoint = new int[endpoints.size()];
        for (int i = 0; i < perEndpoint.length; i++) {
            perEndpoint[i] = Math.max(1, (int) Math.round(
                    VIRTUAL_NODES_PER_AVERAGE_WEIGHT * Math.max(1, endpoints.get(i).weight()) / averageWeight));
            nodes += perEndpoint[i];
        }
        long[] points = new long[nodes];
        Endpoint[] owners = new Endpoint[nodes];
        long[][] pairs = new long[nodes][2];
        int n = 0;
        for (int i = 0; i < perEndpoint.length; i++) {
            String base = endpoints.get(i).address().toString() + "#";
            for (int v = 0; v < perEndpoint[i]; v++) {
                pairs[n][0] = hash(base + v);
                pairs[n][1] = i;
                n++;
            }
        }
        Arrays.sort(pairs, (x, y) -> Long.compare(x[0], y[0]));
        for (int i = 0; i < nodes; i++) {
            points[i] = pairs[i][0];
            owners[i] = endpoints.get((int) pairs[i][1]);
        }
        return (invocation, load) -> owners[ownerIndex(points, keyHash(invocation))];
    }

    private static int ownerIndex(long[] points, long hash) {
        int index = Arrays.binarySearch(points, hash);
        if (index < 0) {
            index = -index - 1;
        }
        return index == points.length ? 0 : index;
    }

    private static long keyHash(Invocation invocation) {
        Object[] args = invocation.args();
        int index = invocation.method().hashKeyIndex();
        Object key = index < args.length ? args[index] : null;
        return hash(String.valueOf(key));
    }

    /** FNV-1a over the UTF-8 bytes, finished with MurmurHash3's 64-bit mixer so that similar keys spread out. */
    static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}

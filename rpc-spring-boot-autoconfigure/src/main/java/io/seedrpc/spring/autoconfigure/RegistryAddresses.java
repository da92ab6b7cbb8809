package io.seedrpc.spring.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code rpc.registry.addresses} names: registry apps by base URL ({@code http://registry:8600}, one or more)
 * or one ZooKeeper ensemble ({@code zookeeper://zk1:2181,zk2:2181,zk3:2181}); the scheme chooses the backend.
 *
 * <p>Spring splits a property value at commas before binding, so the ensemble arrives as
 * {@code zookeeper://zk1:2181}, {@code zk2:2181}, {@code zk3:2181}: plain {@code host:port} entries after a
 * {@code zookeeper://} one belong to its ensemble.
 *
 * @param httpRegistries   the registry apps' base URLs, empty with ZooKeeper
 * @param zooKeeperServers the ensemble's connect string ({@code zk1:2181,zk2:2181}), {@code null} without
 */
record RegistryAddresses(List<URI> httpRegistries, String zooKeeperServers) {

    static final String ZOOKEEPER_PREFIX = "zookeeper://";

    /**
     * Parses the property's entries.
     *
     * @throws IllegalArgumentException naming the entry that is wrong and what is expected
     */
    static RegistryAddresses parse(List<String> entries) {
        List<URI> http = new ArrayList<>();
        List<String> zooKeeper = new ArrayList<>();
        boolean inEnsemble = false;
        for (String raw : entries) {
            String entry = raw == null ? "" : raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.toLowerCase(Locale.ROOT).startsWith(ZOOKEEPER_PREFIX)) {
                if (!zooKeeper.isEmpty()) {
                    throw new IllegalArgumentException("rpc.registry.addresses names more than one zookeeper:// "
                            + "address; list the ensemble's servers in one: zookeeper://zk1:2181,zk2:2181,zk3:2181");
                }
                inEnsemble = true;
                addServers(zooKeeper, entry.substring(ZOOKEEPER_PREFIX.length()), raw);
            } else if (inEnsemble && !entry.contains("://")) {
                addServers(zooKeeper, entry, raw);
            } else {
                inEnsemble = false;
                http.add(httpRegistry(entry));
            }
        }
        if (!http.isEmpty() && !zooKeeper.isEmpty()) {
            throw new IllegalArgumentException("rpc.registry.addresses mixes registry apps (" + http.get(0)
                    + ") with a ZooKeeper ensemble; choose one backend");
        }
        return new RegistryAddresses(List.copyOf(http), zooKeeper.isEmpty() ? null : String.join(",", zooKeeper));
    }

    boolean isZooKeeper() {
        return zooKeeperServers != null;
    }

    boolean isEmpty() {
        return httpRegistries.isEmpty() && zooKeeperServers == null;
    }

    /** The entries in their normal form: the ensemble as one {@code zookeeper://} address. */
    List<String> normalized() {
        return isZooKeeper() ? List.of(ZOOKEEPER_PREFIX + zooKeeperServers)
                : httpRegistries.stream().map(URI::toString).toList();
    }

    private static URI httpRegistry(String entry) {
        URI uri;
        try {
            uri = new URI(entry);
        } catch (URISyntaxException e) {
            uri = null;
        }
        String scheme = uri == null ? null : uri.getScheme();
        if (uri == null || !"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)
                || uri.getHost() == null) {
            throw new IllegalArgumentException("rpc.registry.addresses: '" + entry + "' is not a base URL such as "
                    + "http://registry:8600, nor a ZooKeeper ensemble such as zookeeper://zk1:2181,zk2:2181");
        }
        return uri;
    }

    private static void addServers(List<String> servers, String hostPorts, String entry) {
        if (hostPorts.contains("/")) {
            throw new IllegalArgumentException("rpc.registry.addresses: '" + entry + "' has a path; ZooKeeper "
                    + "addresses are host:port lists, set rpc.registry.zookeeper.namespace for a chroot");
        }
        for (String server : hostPorts.split(",")) {
            String hostPort = server.strip();
            if (!hostPort.matches("[^\\s:]+(:\\d{1,5})?")) {
                throw new IllegalArgumentException("rpc.registry.addresses: '" + hostPort + "' in '" + entry
                        + "' is not a ZooKeeper server's host:port");
            }
            servers.add(hostPort);
        }
    }
}

package io.seedrpc.zookeeper;

import org.apache.curator.utils.PathUtils;
import org.apache.curator.utils.ZKPaths;

/**
 * The node layout: {@code /<namespace>/services/<service key>/<instance id>}, each instance node ephemeral and
 * holding the instance's JSON. Service keys and ids become node names as they are ({@code com.acme.Orders:2.0});
 * one that ZooKeeper cannot take is refused with its name.
 *
 * <p>The namespace is a prefix of our own rather than Curator's namespace facade, which makes sure the namespace
 * node exists with a blocking call on the first operation of whatever thread comes first; here every parent is
 * created in the background, with the node below it.
 */
final class ServicePaths {

    private final String services;

    /** @param namespace the first node of every path, without slashes; empty for the root */
    ServicePaths(String namespace) {
        this.services = (namespace.isEmpty() ? "" : "/" + namespace) + "/services";
    }

    /** The node whose children are the instances of {@code serviceKey}. */
    String service(String serviceKey) {
        return services + "/" + nodeName(serviceKey, "service key");
    }

    /** The node of one instance of {@code serviceKey}. */
    String instance(String serviceKey, String instanceId) {
        return service(serviceKey) + "/" + nodeName(instanceId, "instance id");
    }

    /** Whether {@code path} is a direct child of {@code parent}. */
    static boolean isChild(String parent, String path) {
        return path.length() > parent.length() + 1 && path.startsWith(parent) && path.charAt(parent.length()) == '/'
                && path.indexOf('/', parent.length() + 1) < 0;
    }

    /** The last name of {@code path}. */
    static String name(String path) {
        return ZKPaths.getNodeFromPath(path);
    }

    private static String nodeName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        if (name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException(what + " '" + name + "' cannot be a ZooKeeper node name: it is '.', "
                    + "'..' or contains '/'");
        }
        try {
            PathUtils.validatePath("/" + name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " '" + name + "' cannot be a ZooKeeper node name: "
                    + e.getMessage(), e);
        }
        return name;
    }
}

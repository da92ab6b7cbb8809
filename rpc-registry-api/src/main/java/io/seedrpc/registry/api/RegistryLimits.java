package io.seedrpc.registry.api;

/**
 * The bounds of the registry's wire model, in one place for every side: the registry app refuses a registration
 * beyond them with {@code 400} naming the field, {@link RegistryInstance} refuses them where a provider is
 * configured, the ZooKeeper module refuses instance nodes beyond them, and the Spring Boot starter checks
 * {@code @RpcService} weights against them. {@code docs/registry-api.md} lists them for other clients.
 */
public final class RegistryLimits {

    /** The weight an instance gets when its registration names none. */
    public static final int DEFAULT_WEIGHT = 100;
    /** The largest weight; weights run from 0 (no traffic while another instance has some) to this. */
    public static final int MAX_WEIGHT = 10_000;
    /** The largest port; ports run from 1 to this. */
    public static final int MAX_PORT = 65_535;
    /** The longest instance id, in characters. */
    public static final int MAX_ID_LENGTH = 128;
    /**
     * The characters an instance id may hold, as the inside of a regular expression's character class: ids travel
     * in URL paths and ZooKeeper node names, so they are kept to characters that need no escaping there.
     */
    public static final String ID_CHARACTERS = "A-Za-z0-9._:@-";
    /** The longest host name or address, in characters (the longest DNS name). */
    public static final int MAX_HOST_LENGTH = 253;
    /** The longest metadata key, in characters. */
    public static final int MAX_METADATA_KEY_LENGTH = 128;
    /** The longest metadata value, in characters. */
    public static final int MAX_METADATA_VALUE_LENGTH = 1024;
    /** The largest registration body the registry app takes by default, and the largest ZooKeeper instance node. */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    /** The most instances the registry app holds by default, all services together. */
    public static final int DEFAULT_MAX_INSTANCES = 10_000;

    private RegistryLimits() {
    }
}

package io.seedrpc.spring.server;

/**
 * An {@code @RpcService} bean as the server exposes it.
 *
 * @param serviceKey       the key clients call it by, e.g. {@code com.acme.Orders:2.0}
 * @param serviceInterface the interface it is served as
 * @param beanName         the bean that serves it
 * @param weight           its share of traffic as told to the registry
 */
public record ExportedService(String serviceKey, Class<?> serviceInterface, String beanName, int weight) {
}

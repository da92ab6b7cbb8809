package io.seedrpc.spring.server;

import io.seedrpc.protocol.ServiceKeys;
import io.seedrpc.registry.api.RegistryLimits;
import io.seedrpc.server.RpcServer;
import io.seedrpc.spring.annotation.RpcService;
import io.seedrpc.spring.diagnostics.RpcStartupException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/** Finds the {@code @RpcService} beans of a context and exposes each under its service interface. */
final class RpcServiceBeans {

    private static final List<String> PLATFORM_PREFIXES = List.of("java.", "javax.", "jakarta.", "jdk.", "sun.",
            "org.springframework.", "org.aopalliance.", "kotlin.", "groovy.", "scala.");

    private RpcServiceBeans() {
    }

    /**
     * Adds every {@code @RpcService} bean of {@code beans} to {@code server}.
     *
     * @throws RpcStartupException naming the bean and what to change, when one cannot be served
     */
    static List<ExportedService> exportAll(ListableBeanFactory beans, RpcServer server) {
        List<ExportedService> exported = new ArrayList<>();
        for (String beanName : beans.getBeanNamesForAnnotation(RpcService.class)) {
            RpcService annotation = beans.findAnnotationOnBean(beanName, RpcService.class);
            Object bean = beans.getBean(beanName);
            Class<?> serviceInterface = serviceInterface(beanName, bean, annotation);
            if (annotation.weight() < 0 || annotation.weight() > RegistryLimits.MAX_WEIGHT) {
                throw new RpcStartupException("@RpcService bean '" + beanName + "' has weight " + annotation.weight(),
                        "Give it a weight from 0 to " + RegistryLimits.MAX_WEIGHT + " (default "
                        + RegistryLimits.DEFAULT_WEIGHT + ").");
            }
            try {
                addService(server, serviceInterface, bean, annotation.version(), annotation.executor());
            } catch (IllegalArgumentException e) {
                throw new RpcStartupException("@RpcService bean '" + beanName + "' cannot be served: " + e.getMessage(),
                        "Change the bean or its @RpcService attributes as the description says.", e);
            }
            exported.add(new ExportedService(ServiceKeys.of(serviceInterface, annotation.version()), serviceInterface,
                    beanName, annotation.weight()));
        }
        return exported;
    }

    @SuppressWarnings("unchecked")
    private static <T> void addService(RpcServer server, Class<T> serviceInterface, Object bean, String version,
                                       String executor) {
        // addService checks that bean implements serviceInterface and that the executor exists, and says so.
        server.addService(serviceInterface, (T) bean, version, executor);
    }

    private static Class<?> serviceInterface(String beanName, Object bean, RpcService annotation) {
        if (annotation.interfaceClass() != void.class) {
            return annotation.interfaceClass();
        }
        // Behind an AOP proxy, the interfaces that matter are those of the class the user wrote.
        Class<?> beanClass = ClassUtils.getUserClass(AopProxyUtils.ultimateTargetClass(bean));
        Set<Class<?>> candidates = ClassUtils.getAllInterfacesForClassAsSet(beanClass);
        candidates.removeIf(RpcServiceBeans::isPlatformInterface);
        if (candidates.size() == 1) {
            return candidates.iterator().next();
        }
        String described = "@RpcService bean '" + beanName + "' (" + beanClass.getName() + ")";
        if (candidates.isEmpty()) {
            throw new RpcStartupException(described + " implements no service interface",
                    "Extract an interface with the methods to expose, and implement it.");
        }
        throw new RpcStartupException(described + " implements several interfaces "
                + candidates.stream().map(Class::getName).sorted().toList(),
                "Name the one to serve with @RpcService(interfaceClass = ...).");
    }

    private static boolean isPlatformInterface(Class<?> type) {
        String name = type.getName();
        return PLATFORM_PREFIXES.stream().anyMatch(name::startsWith);
    }
}

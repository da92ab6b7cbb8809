package io.seedrpc.spring.server;

import io.seedrpc.protocol.ServiceKeys;
import io.seedrpc.server.RpcServer;
import io.seedrpc.spring.annotation.RpcService;
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
     * @throws IllegalStateException naming the bean and what to change, when one cannot be served
     */
    static List<ExportedService> exportAll(ListableBeanFactory beans, RpcServer server) {
        List<ExportedService> exported = new ArrayList<>();
        for (String beanName : beans.getBeanNamesForAnnotation(RpcService.class)) {
            RpcService annotation = beans.findAnnotationOnBean(beanName, RpcService.class);
            Object bean = beans.getBean(beanName);
            Class<?> serviceInterface = serviceInterface(beanName, bean, annotation);
            if (annotation.weight() < 0 || annotation.weight() > 10_000) {
                throw new IllegalStateException("@RpcService bean '" + beanName + "' has weight " + annotation.weight()
                        + "; give it a weight from 0 to 10000 (default 100)");
            }
            try {
                addService(server, serviceInterface, bean, annotation.version());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("@RpcService bean '" + beanName + "' cannot be served: "
                        + e.getMessage(), e);
            }
            exported.add(new ExportedService(ServiceKeys.of(serviceInterface, annotation.version()), serviceInterface,
                    beanName, annotation.weight()));
        }
        return exported;
    }

    @SuppressWarnings("unchecked")
    private static <T> void addService(RpcServer server, Class<T> serviceInterface, Object bean, String version) {
        // addService checks that bean implements serviceInterface, and says so when it does not.
        server.addService(serviceInterface, (T) bean, version);
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
        String names = candidates.stream().map(Class::getName).sorted().toList().toString();
        throw new IllegalStateException(candidates.isEmpty()
                ? "@RpcService bean '" + beanName + "' (" + beanClass.getName() + ") implements no service interface; "
                        + "extract an interface with the methods to expose and implement it"
                : "@RpcService bean '" + beanName + "' (" + beanClass.getName() + ") implements several interfaces "
                        + names + "; name the one to serve with @RpcService(interfaceClass = ...)");
    }

    private static boolean isPlatformInterface(Class<?> type) {
        String name = type.getName();
        return PLATFORM_PREFIXES.stream().anyMatch(name::startsWith);
    }
}

package io.seedrpc.spring.client;

import io.seedrpc.UnknownNameException;
import io.seedrpc.client.InvalidReferenceException;
import io.seedrpc.client.ReferenceConfig;
import io.seedrpc.client.RpcClient;
import io.seedrpc.spring.annotation.RpcReference;
import io.seedrpc.spring.diagnostics.RpcStartupException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.PropertyValues;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.InstantiationAwareBeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Sets every {@link RpcReference} field of every bean to a proxy from the application's {@link RpcClient}, before
 * the bean's init methods run. String attributes may hold {@code ${...}} placeholders. Attributes left unset fall back to the client's defaults ({@code rpc.client.*});
 * equal settings share one proxy. A field that cannot get a proxy fails the bean's creation with a message
 * naming the field and what to change.
 */
public final class RpcReferenceInjector implements InstantiationAwareBeanPostProcessor, BeanFactoryAware, Ordered {

    private final ObjectProvider<RpcClient> client;
    private ConfigurableBeanFactory beanFactory;
    private final Map<Class<?>, List<Field>> referenceFields = new ConcurrentHashMap<>();

    /** @param client looked up at the first {@code @RpcReference}, so that the client is built only when needed */
    public RpcReferenceInjector(ObjectProvider<RpcClient> client) {
        this.client = client;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory instanceof ConfigurableBeanFactory configurable ? configurable : null;
    }

    @Override
    public PropertyValues postProcessProperties(PropertyValues values, Object bean, String beanName) {
        for (Field field : referenceFields.computeIfAbsent(bean.getClass(), RpcReferenceInjector::findFields)) {
            RpcReference reference = AnnotatedElementUtils.getMergedAnnotation(field, RpcReference.class);
            Object proxy = proxyFor(field, reference, beanName);
            ReflectionUtils.makeAccessible(field);
            ReflectionUtils.setField(field, bean, proxy);
        }
        return values;
    }

    private static List<Field> findFields(Class<?> beanClass) {
        List<Field> fields = new ArrayList<>();
        ReflectionUtils.doWithFields(beanClass, fields::add,
                field -> AnnotatedElementUtils.hasAnnotation(field, RpcReference.class));
        return List.copyOf(fields);
    }

    private Object proxyFor(Field field, RpcReference reference, String beanName) {
        String where = "@RpcReference on field " + field.getDeclaringClass().getName() + "." + field.getName();
        Class<?> type = field.getType();
        if (Modifier.isStatic(field.getModifiers())) {
            throw new RpcStartupException(where + ": the field is static", "Make it an instance field.");
        }
        if (!type.isInterface()) {
            List<String> interfaces = Arrays.stream(ClassUtils.getAllInterfacesForClass(type)).map(Class::getName)
                    .toList();
            throw new RpcStartupException(where + ": its type " + type.getName() + " is a class",
                    "Declare the field as the service interface"
                    + (interfaces.isEmpty() ? "." : " (" + type.getSimpleName() + " implements " + interfaces + ")."));
        }
        RpcClient rpcClient = client.getIfAvailable();
        if (rpcClient == null) {
            throw new RpcStartupException(where + ": there is no RpcClient bean to create the proxy with",
                    "Declare an RpcClient bean, or leave the auto-configured one in place.");
        }
        try {
            return rpcClient.proxy(config(type, reference));
        } catch (IllegalArgumentException e) {
            throw new RpcStartupException(where + ": " + e.getMessage(), action(e), e);
        }
    }

    private ReferenceConfig<?> config(Class<?> type, RpcReference reference) {
        ReferenceConfig<?> config = ReferenceConfig.of(type).withVersion(resolve(reference.version()));
        String url = resolve(reference.url());
        if (!url.isBlank()) {
            config = config.withAddress(url);
        }
        if (reference.timeoutMs() != -1) {
            if (reference.timeoutMs() <= 0) {
                throw new IllegalArgumentException("timeoutMs must be positive, or -1 for rpc.client.timeout; was "
                        + reference.timeoutMs());
            }
            config = config.withTimeout(Duration.ofMillis(reference.timeoutMs()));
        }
        if (reference.retries() != -1) {
            config = config.withRetries(reference.retries());
        }
        String loadBalance = resolve(reference.loadBalance());
        if (!loadBalance.isBlank()) {
            config = config.withLoadBalance(loadBalance);
        }
        String cluster = resolve(reference.cluster());
        if (!cluster.isBlank()) {
            config = config.withCluster(cluster);
        }
        String codec = resolve(reference.codec());
        if (!codec.isBlank()) {
            config = config.withCodec(codec);
        }
        return config;
    }

    /** The attribute with {@code ${...}} placeholders resolved against the environment, trimmed. */
    private String resolve(String value) {
        String resolved = beanFactory == null || value.isEmpty() ? value : beanFactory.resolveEmbeddedValue(value);
        return resolved == null ? "" : resolved.strip();
    }

    /** What to change, chosen by the kind of the failure, told by its type, never by its message. */
    static String action(IllegalArgumentException e) {
        UnknownNameException unknown = UnknownNameException.find(e).orElse(null);
        if (unknown != null) {
            String known = String.join(", ", unknown.known());
            return switch (unknown.kind()) {
                case LOAD_BALANCER -> "Change loadBalance to one of them (" + known
                        + "), or declare a LoadBalancer bean of that name.";
                case CODEC -> "Change codec to one of them (" + known + "), or declare a Codec bean of that name"
                        + unknown.missingModule().map(module -> ", or add " + module + " to the dependencies.")
                                .orElse(".");
                case CLUSTER_MODE -> "Change cluster to one of them (" + known + ").";
            };
        }
        InvalidReferenceException invalid = InvalidReferenceException.find(e).orElse(null);
        if (invalid != null) {
            return switch (invalid.problem()) {
                case NO_ADDRESS_AND_NO_DISCOVERY -> "Set rpc.registry.addresses, list the service's addresses under "
                        + "rpc.client.providers, or give the reference a url.";
                case CODEC_CANNOT_CARRY_SERVICE -> "Give the reference a codec that carries the interface's types "
                        + "(kryo or json carry plain Java types; protobuf carries only generated messages), or "
                        + "change the method as the description says.";
            };
        }
        return "Change the @RpcReference attributes as the description says.";
    }

    /** Runs after Spring's own injection processors, like other field injectors. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10;
    }
}

package io.seedrpc.client;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyMethodsTest {

    interface Greeter {
        String greet(String name);

        int count();

        static Greeter none() {
            return null;
        }
    }

    @Test
    void findsTheMethodAProxyPassesThoughItIsNotTheObjectTheLookupWasBuiltFrom() throws Exception {
        ProxyMethods methods = new ProxyMethods(Greeter.class);
        Method passed = methodPassedByAProxy();

        assertThat(passed).isNotSameAs(Greeter.class.getMethod("greet", String.class));
        ClientMethod first = methods.get(passed);
        assertThat(first).isNotNull();
        assertThat(first.descriptor().method().getName()).isEqualTo("greet");
        assertThat(methods.get(passed)).isSameAs(first);
        assertThat(methods.get(Greeter.class.getMethod("greet", String.class))).isSameAs(first);
    }

    @Test
    void remembersABoundedNumberOfMethodObjectsHoweverManyEqualOnesItIsGiven() throws Exception {
        ProxyMethods methods = new ProxyMethods(Greeter.class);
        ClientMethod greet = methods.get(Greeter.class.getMethod("greet", String.class));

        for (int i = 0; i < 100; i++) {
            assertThat(methods.get(Greeter.class.getMethod("greet", String.class))).isSameAs(greet);
        }

        // Two instance methods: at most four Method objects are remembered by identity.
        assertThat(methods.rememberedByIdentity()).isEqualTo(4);
    }

    @Test
    void knowsNoStaticMethodAndNoMethodOfAnotherType() throws Exception {
        ProxyMethods methods = new ProxyMethods(Greeter.class);

        assertThat(methods.get(Greeter.class.getMethod("none"))).isNull();
        assertThat(methods.get(Runnable.class.getMethod("run"))).isNull();
        assertThat(methods.rememberedByIdentity()).isZero();
    }

    private static Method methodPassedByAProxy() {
        List<Method> passed = new ArrayList<>();
        Greeter proxy = (Greeter) Proxy.newProxyInstance(Greeter.class.getClassLoader(), new Class<?>[] {Greeter.class},
                (self, method, args) -> {
                    passed.add(method);
                    return null;
                });
        proxy.greet("a");
        proxy.greet("b");
        // The premise of the identity lookup: a proxy passes one Method object per method, call after call.
        assertThat(passed.get(1)).isSameAs(passed.get(0));
        return passed.get(0);
    }
}

package io.seedrpc.server;

import io.seedrpc.protocol.MethodDescriptor;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code GET /rpc}: every service with its methods, each with the path that calls it, its
 * parameters (name, Java type, JSON shape), its result and its declared exceptions, followed by the shapes of the
 * records and classes they use. See docs/http.md for the format.
 */
final class ServiceDescription {

    private ServiceDescription() {
    }

    static Map<String, Object> of(Collection<ServiceDefinition> services) {
        JsonShapes shapes = new JsonShapes();
        List<Map<String, Object>> described = new ArrayList<>();
        services.stream()
                .sorted(Comparator.comparing(ServiceDefinition::serviceKey))
                .forEach(service -> described.add(describe(service, shapes)));
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("services", described);
        description.put("definitions", shapes.definitions());
        return description;
    }

    private static Map<String, Object> describe(ServiceDefinition service, JsonShapes shapes) {
        List<MethodDescriptor> methods = service.methods().stream()
                .map(ServerMethod::descriptor)
                .sorted(Comparator.comparing(MethodDescriptor::key))
                .toList();
        List<Map<String, Object>> described = new ArrayList<>();
        for (MethodDescriptor method : methods) {
            boolean overloaded = methods.stream()
                    .filter(m -> m.method().getName().equals(method.method().getName()))
                    .count() > 1;
            described.add(describe(service.serviceKey(), method, overloaded, shapes));
        }
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("serviceKey", service.serviceKey());
        shape.put("interface", service.serviceInterface().getName());
        shape.put("methods", described);
        return shape;
    }

    private static Map<String, Object> describe(String serviceKey, MethodDescriptor descriptor, boolean overloaded,
                                                JsonShapes shapes) {
        Method method = descriptor.method();
        Parameter[] parameters = method.getParameters();
        Type[] types = descriptor.parameterTypes();
        List<Map<String, Object>> described = new ArrayList<>();
        for (int i = 0; i < parameters.length; i++) {
            Map<String, Object> parameter = new LinkedHashMap<>();
            parameter.put("name", parameters[i].getName());
            parameter.put("type", types[i].getTypeName());
            parameter.put("shape", shapes.shapeOf(types[i]));
            described.add(parameter);
        }
        Map<String, Object> returns = new LinkedHashMap<>();
        returns.put("type", descriptor.resultType().getTypeName());
        returns.put("shape", shapes.shapeOf(descriptor.resultType()));
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("name", method.getName());
        shape.put("key", descriptor.key());
        shape.put("path", "/rpc/" + serviceKey + "/" + (overloaded ? descriptor.key() : method.getName()));
        shape.put("async", descriptor.isAsync());
        // Without -parameters the names are arg0, arg1, ...: the object form of a body is then refused.
        shape.put("parameterNamesKnown", Arrays.stream(parameters).allMatch(Parameter::isNamePresent));
        shape.put("parameters", described);
        shape.put("returns", returns);
        shape.put("throws", Arrays.stream(method.getExceptionTypes()).map(Class::getName).toList());
        return shape;
    }
}

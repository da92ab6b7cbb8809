package io.seedrpc.server;

import io.seedrpc.protocol.MethodDescriptor;
import io.seedrpc.transport.HttpServices;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.Collection;
import java.util.function.Supplier;

/** What the HTTP side of the port serves, read from the server's registry of services. Thread-safe. */
final class HttpCatalog implements HttpServices {

    private final ServiceRegistry services;
    private final Supplier<String> debugPage;
    // Only plain maps, lists and strings pass through it; indented, because people read it in a terminal.
    private final JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    HttpCatalog(ServiceRegistry services, Supplier<String> debugPage) {
        this.services = services;
        this.debugPage = debugPage;
    }

    @Override
    public Collection<MethodDescriptor> methodsOf(String serviceKey) {
        ServiceDefinition service = services.find(serviceKey);
        return service == null ? null : service.methods().stream().map(ServerMethod::descriptor).toList();
    }

    @Override
    public Collection<String> serviceKeys() {
        return services.all().stream().map(ServiceDefinition::serviceKey).toList();
    }

    @Override
    public String description() {
        return mapper.writeValueAsString(ServiceDescription.of(services.all())) + "\n";
    }

    @Override
    public String debugPage() {
        return debugPage.get();
    }
}

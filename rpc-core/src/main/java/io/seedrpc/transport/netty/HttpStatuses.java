package io.seedrpc.transport.netty;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.seedrpc.StatusCode;

import java.lang.reflect.Method;

/**
 * The HTTP status of each {@link StatusCode}, a contract outside clients depend on: see docs/http.md. An
 * application exception is 500, except a checked exception the interface method declares in its {@code throws}
 * clause (or a subclass of one), which is 422: the caller sent something the business rules refuse.
 */
final class HttpStatuses {

    /** Unprocessable Content, which Netty has no constant for. */
    static final HttpResponseStatus UNPROCESSABLE = new HttpResponseStatus(422, "Unprocessable Content");

    private HttpStatuses() {
    }

    /**
     * @param errorClass the remote exception class, for {@code APPLICATION_ERROR}; may be {@code null}
     * @param method     the method called, to look up its declared exceptions; may be {@code null}
     */
    static HttpResponseStatus of(StatusCode code, String errorClass, Method method) {
        return switch (code) {
            case OK -> HttpResponseStatus.OK;
            case UNKNOWN_SERVICE, UNKNOWN_METHOD -> HttpResponseStatus.NOT_FOUND;
            case BAD_REQUEST, CODEC_ERROR -> HttpResponseStatus.BAD_REQUEST;
            case UNAUTHORIZED -> HttpResponseStatus.UNAUTHORIZED;
            case SERVER_BUSY, UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case TIMEOUT -> HttpResponseStatus.GATEWAY_TIMEOUT;
            case APPLICATION_ERROR -> declaresChecked(method, errorClass) ? UNPROCESSABLE
                    : HttpResponseStatus.INTERNAL_SERVER_ERROR;
            default -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
    }

    private static boolean declaresChecked(Method method, String errorClass) {
        if (method == null || errorClass == null) {
            return false;
        }
        Class<?> thrown = null;
        for (Class<?> declared : method.getExceptionTypes()) {
            if (RuntimeException.class.isAssignableFrom(declared) || Error.class.isAssignableFrom(declared)) {
                continue;
            }
            if (declared.getName().equals(errorClass)) {
                return true;
            }
            if (thrown == null) {
                thrown = load(errorClass, method.getDeclaringClass().getClassLoader());
            }
            if (thrown != null && declared.isAssignableFrom(thrown)) {
                return true;
            }
        }
        return false;
    }

    // The name is that of an exception this server's own method threw, never one a client sent.
    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}

package io.seedrpc;

/**
 * The remote service method threw. Carries the remote exception's class name and message; the class itself is
 * never loaded or instantiated on this side unless the interface method declares it.
 */
public class RemoteApplicationException extends RpcException {

    private final String remoteClassName;
    private final String remoteMessage;
    private final String call;

    /**
     * @param call the call that failed, for the message, e.g. {@code com.acme.Orders.place(…) on tcp://…}
     */
    public RemoteApplicationException(String remoteClassName, String remoteMessage, String call) {
        this(remoteClassName, remoteMessage, call, null);
    }

    public RemoteApplicationException(String remoteClassName, String remoteMessage, String call, Throwable cause) {
        super(StatusCode.APPLICATION_ERROR, call + " threw " + remoteClassName
                + (remoteMessage == null ? "" : ": " + remoteMessage), cause);
        this.remoteClassName = remoteClassName;
        this.remoteMessage = remoteMessage;
        this.call = call;
    }

    /** The call that failed, e.g. {@code com.acme.Orders.place(com.acme.Order) on tcp://10.0.0.5:9100}. */
    public String call() {
        return call;
    }

    /** The fully qualified class name of the exception the service method threw. */
    public String remoteClassName() {
        return remoteClassName;
    }

    /** The message of the exception the service method threw; may be {@code null}. */
    public String remoteMessage() {
        return remoteMessage;
    }
}

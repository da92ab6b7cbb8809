package io.seedrpc.server;

/**
 * How one served method has fared since the server started.
 *
 * @param serviceKey   the service key, for example {@code com.acme.Orders:2.0}
 * @param methodKey    the method key, for example {@code place(com.acme.Order)}
 * @param calls        finished calls, successful or not
 * @param errors       finished calls that did not return a value (exception, timeout, busy, bad request, …)
 * @param meanMicros   mean time from receipt to answer, in microseconds
 * @param p99Micros    99th percentile of that time, in microseconds (within about 6 %)
 */
public record MethodStatsSnapshot(String serviceKey, String methodKey, long calls, long errors, double meanMicros,
                                  double p99Micros) {
}

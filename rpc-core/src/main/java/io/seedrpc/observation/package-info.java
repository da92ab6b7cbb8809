/**
 * Micrometer Observation for both sides of a call: {@link io.seedrpc.observation.ObservationClientInterceptor} and
 * {@link io.seedrpc.observation.ObservationServerInterceptor} give metrics ({@code rpc.client.requests},
 * {@code rpc.server.requests}) and, with Micrometer Tracing, spans whose context travels in the call's metadata.
 * Needs {@code io.micrometer:micrometer-observation} on the class path; nothing else in SeedRPC loads this package.
 */
package io.seedrpc.observation;

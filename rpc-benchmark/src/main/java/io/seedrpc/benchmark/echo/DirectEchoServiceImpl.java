package io.seedrpc.benchmark.echo;

import io.seedrpc.annotation.DirectDispatch;

/** The same echo, opted in to SeedRPC's direct dispatch: it never blocks, so it runs on the I/O thread. */
@DirectDispatch
public final class DirectEchoServiceImpl extends EchoServiceImpl {
}

package io.seedrpc.it;

import java.util.concurrent.CompletableFuture;

/** A service whose calls end in an {@link Error}: in the method, in its asynchronous result, or in the codec. */
public interface ErrorProneService {

    /** Throws an {@link OutOfMemoryError} from the method itself. */
    String failInMethod();

    /** Completes its future with a {@link StackOverflowError}. */
    CompletableFuture<String> failAsync();

    /** Returns a value whose encoding throws an {@link OutOfMemoryError}. */
    Unencodable failInCodec();

    String ping();

    /** A value that cannot be written: its accessor throws an {@link Error}, as a codec running out of memory would. */
    record Unencodable(String name) {

        @Override
        public String name() {
            throw new OutOfMemoryError("forced while encoding the result");
        }
    }
}

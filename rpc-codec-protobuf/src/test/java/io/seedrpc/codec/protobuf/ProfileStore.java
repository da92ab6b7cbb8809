package io.seedrpc.codec.protobuf;

import io.seedrpc.codec.protobuf.test.v1.Profile;

/** A service built against the older schema of {@link Profile}. */
public interface ProfileStore {

    /** Answers the profile with its name upper-cased, the way an older service edits what it knows. */
    Profile shout(Profile profile);
}

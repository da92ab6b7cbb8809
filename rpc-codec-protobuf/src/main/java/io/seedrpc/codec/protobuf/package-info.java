/**
 * The Protocol Buffers codec for SeedRPC: {@link io.seedrpc.codec.protobuf.ProtobufCodec}, plugged into rpc-core
 * by {@link io.seedrpc.codec.protobuf.ProtobufCodecProvider}.
 */
package io.seedrpc.codec.protobuf;
